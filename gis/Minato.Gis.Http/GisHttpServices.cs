using Microsoft.Extensions.DependencyInjection;

namespace Minato.Gis.Http;

/// <summary>Registers the services behind the public spatial endpoints.</summary>
public static class GisHttpServices
{
    public static IServiceCollection AddGisHttp(this IServiceCollection services)
    {
        services.AddSingleton<Minato.Gis.Hazards.HazardReportSource>();
        Minato.Gis.Http.Tiles.TileServiceCollectionExtensions.AddTiles(services);
        // OGC API Features: paging limits from Minato:Ogc, features read straight from PostGIS.
        services.AddOptions<Minato.Gis.Features.FeatureQueryOptions>()
            .BindConfiguration(Minato.Gis.Features.FeatureQueryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Minato.Gis.Features.FeatureSource>();
        return services;
    }
}
