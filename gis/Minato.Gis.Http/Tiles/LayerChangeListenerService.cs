using Microsoft.Extensions.Hosting;
using Minato.Gis.Tiles;

namespace Minato.Gis.Http.Tiles;

/// <summary>Runs the <see cref="LayerChangeListener"/> for the host's lifetime, with or without the tile cache: it is also
/// the change signal of the shelters' master-data sync and of the live isolation (with the cache off it drops nothing).</summary>
internal sealed class LayerChangeListenerService(LayerChangeListener listener) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listener.RunAsync(stoppingToken);
}
