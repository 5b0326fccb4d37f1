using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minato.Gis.Layers;
using Minato.Gis.Tiles;
using Npgsql;
using Minato.Gis.Configuration;

namespace Minato.Gis.Http.Tiles;

/// <summary>Registers the vector tile services: source, cache, versions, the change listener (hosted) and options.</summary>
public static class TileServiceCollectionExtensions
{
    public static IServiceCollection AddTiles(this IServiceCollection services)
    {
        services.AddValidatedOptions<TileOptions>();
        services.AddSingleton<LayerVersions>();
        services.AddSingleton<TileSource>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TileOptions>>().Value;
            return new TileService(sp.GetRequiredService<TileSource>(), sp.GetRequiredService<LayerVersions>(),
                o.CacheEnabled ? new TileCache(o.CacheSizeMegabytes * 1024L * 1024L) : null);
        });
        services.AddSingleton(sp => new LayerChangeListener(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<LayerCatalog>(), sp.GetRequiredService<LayerVersions>(),
            sp.GetRequiredService<TileService>().Cache, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LayerChangeListener>>()));
        services.AddHostedService<LayerChangeListenerService>();
        return services;
    }
}
