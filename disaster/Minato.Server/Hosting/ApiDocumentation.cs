using Scalar.AspNetCore;

namespace Minato.Server.Hosting;

/// <summary>The OpenAPI document at <c>/openapi.json</c> and its reference page at <c>/docs</c>.</summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Minato.Gis API";
            doc.Info.Description = "Public hazard-map API of Minato City (OGC API Features, vector tiles, point hazard reports) "
                + "and the operations API.";
            doc.Info.Version = "1.0";
            return Task.CompletedTask;
        }));
        // OGC API Features' oas30 conformance class needs an OpenAPI 3.0 document (ASP.NET 10 emits 3.1 by default).
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(
            "v1", o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0);
        return services;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi("/openapi.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Minato.Gis API").WithOpenApiRoutePattern("/openapi.json")
            .DisableDefaultFonts()); // no fonts from fonts.scalar.com: the page loads nothing from elsewhere (SecurityHeaders)
        return app;
    }
}
