using Microsoft.Extensions.Options;
using Minato.Disaster.Exports;
using Minato.Disaster.Security;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Exports;

/// <summary>
/// The national exports: <c>GET /api/exports/eei.json</c>, <c>/api/exports/eei.csv</c> (shelter status, EEI vocabulary) and
/// <c>/api/exports/evacuation-sites.csv</c> (指定緊急避難場所一覧, 自治体標準オープンデータセット): role hq or the configured
/// export role; no personal data (counts only); on a schedule to a folder (<see cref="ExportSchedule"/>).
/// </summary>
public static class ExportsApi
{
    public const string Policy = "exports";

    public static IServiceCollection AddExports(this IServiceCollection services)
    {
        services.AddValidatedOptions<ExportOptions>();
        services.AddSingleton<ShelterExports>();
        services.AddSingleton<ExportSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportSchedule>());
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAssertion(context =>
            Actor.FromPrincipal(context.User) is { } actor && (actor.IsHq || actor.Role == ExportRole(context.Resource))));
        return services;
    }

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/exports").WithTags("Exports").RequireAuthorization(Policy);
        api.MapGet("/eei.json", async (ShelterExports exports, CancellationToken ct) =>
                TypedResults.Json(ShelterExports.EeiJson(await exports.EeiAsync(ct))))
            .WithName("ExportEeiJson").WithSummary("Shelter status in the EEI vocabulary (開設状況, 避難者数, 世帯数, needs) by 共通ID");
        api.MapGet("/eei.csv", async (ShelterExports exports, CancellationToken ct) =>
                Csv(ShelterExports.EeiCsv(await exports.EeiAsync(ct)), "eei.csv"))
            .WithName("ExportEeiCsv").WithSummary("The same as CSV, UTF-8 with BOM");
        api.MapGet("/evacuation-sites.csv", async (ShelterExports exports, IOptions<ExportOptions> options, CancellationToken ct) =>
                Csv(await exports.EvacuationSitesCsvAsync(options.Value, ct), "evacuation_sites.csv"))
            .WithName("ExportEvacuationSitesCsv")
            .WithSummary("指定緊急避難場所一覧 in the 自治体標準オープンデータセット CSV layout, UTF-8 with BOM");
        return app;
    }

    private static FileContentHttpResult Csv(byte[] content, string name) =>
        TypedResults.File(content, "text/csv; charset=utf-8", name);

    private static string? ExportRole(object? resource) =>
        (resource as HttpContext)?.RequestServices.GetRequiredService<IOptions<ExportOptions>>().Value.Role is { Length: > 0 } role
            ? role
            : null;
}
