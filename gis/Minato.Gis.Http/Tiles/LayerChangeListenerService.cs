using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Minato.Gis.Tiles;

namespace Minato.Gis.Http.Tiles;

/// <summary>Runs the <see cref="LayerChangeListener"/> for the host's lifetime (only when the tile cache is on).</summary>
internal sealed class LayerChangeListenerService(LayerChangeListener listener, IOptions<TileOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.CacheEnabled ? listener.RunAsync(stoppingToken) : Task.CompletedTask;
}
