namespace Minato.Disaster.Http;

/// <summary>
/// The one convention for route groups whose responses carry personal data (reports and their photos, tasks,
/// subscribers, the victim ledger, certificates, surveys): <c>Cache-Control: no-store</c> on every response, success or
/// problem, so nothing stays in a browser, a proxy or a shared device's cache.
/// </summary>
public static class PersonalData
{
    public const string CacheControl = "no-store";

    /// <summary>Adds the no-store filter to every endpoint of <paramref name="builder"/> (a group or one endpoint).</summary>
    public static TBuilder NoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            // Set before the handler runs: a handler cannot forget it, and its problem answers carry it too.
            context.HttpContext.Response.Headers.CacheControl = CacheControl;
            return await next(context);
        });
}
