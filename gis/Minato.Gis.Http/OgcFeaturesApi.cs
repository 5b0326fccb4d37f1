using Microsoft.AspNetCore.Routing;

namespace Minato.Gis.Http;

public static class OgcFeaturesApi
{
    public static IEndpointRouteBuilder MapOgcFeaturesApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
