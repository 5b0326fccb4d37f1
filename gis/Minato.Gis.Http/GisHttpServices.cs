using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Configuration;

namespace Minato.Gis.Http;

/// <summary>Registers the services behind the public spatial endpoints.</summary>
public static class GisHttpServices
{
    public static IServiceCollection AddGisHttp(this IServiceCollection services)
    {
        services.AddSingleton<Minato.Gis.Hazards.HazardReportSource>();
        Minato.Gis.Http.Tiles.TileServiceCollectionExtensions.AddTiles(services);
        // OGC API Features: paging limits from Minato:Ogc, features read straight from PostGIS.
        services.AddValidatedOptions<Minato.Gis.Features.FeatureQueryOptions>();
        services.AddSingleton<Minato.Gis.Features.FeatureSource>();
        // Evacuation routing: walking speeds and snapping from Minato:Routing; one in-process graph per process.
        services.AddValidatedOptions<Minato.Gis.Routing.RoutingOptions>();
        services.AddSingleton<Minato.Gis.Routing.RoutePlanner>();
        return services;
    }
}
