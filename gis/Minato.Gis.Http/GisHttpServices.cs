using Microsoft.Extensions.DependencyInjection;

namespace Minato.Gis.Http;

/// <summary>Registers the services behind the public spatial endpoints.</summary>
public static class GisHttpServices
{
    public static IServiceCollection AddGisHttp(this IServiceCollection services)
    {
        services.AddSingleton<Minato.Gis.Hazards.HazardReportSource>();
        return services;
    }
}
