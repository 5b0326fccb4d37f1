using Microsoft.AspNetCore.Routing;

namespace Minato.Gis.Http;

public static class TilesApi
{
    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
