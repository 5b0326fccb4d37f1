using Microsoft.AspNetCore.Routing;

namespace Minato.Gis.Http;

public static class HazardsApi
{
    public static IEndpointRouteBuilder MapHazardsApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
