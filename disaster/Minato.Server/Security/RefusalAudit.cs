using Minato.Disaster.Security;
using Minato.Audit;
using Npgsql;

namespace Minato.Server.Security;

/// <summary>
/// Audits refused requests: every 401 and 403 answer — from the authorization middleware or from an endpoint's own
/// check — appends an <c>access.refused</c> row naming the endpoint kind (its name, else its route pattern), the status
/// and the caller (subject and role, or <c>anonymous</c> and the client address), throttled by <see cref="RefusalThrottle"/>.
/// </summary>
public static class RefusalAudit
{
    public const string Action = "access.refused";

    /// <summary>Place between authentication (the caller is known) and authorization (which refuses).</summary>
    public static IApplicationBuilder UseRefusalAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            await RecordAsync(context);
        }
    });

    /// <summary>The endpoint kind of a request: the endpoint's name, else its route pattern, else <c>unmatched</c>.</summary>
    public static string EndpointKind(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText
            ?? "unmatched";
    }

    private static async Task RecordAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var actor = Actor.FromPrincipal(context.User);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var kind = EndpointKind(context);
        var caller = actor is null ? "address " + address : actor.Identity;
        if (!services.GetRequiredService<RefusalThrottle>().ShouldRecord(caller, kind))
        {
            return;
        }

        var record = new AuditRecord(actor?.Subject ?? "anonymous", actor?.Role ?? "anonymous", Action, "endpoint", kind, new
        {
            status = context.Response.StatusCode,
            method = context.Request.Method,
            address = actor is null ? address : null,
        });
        try
        {
            // Not the request's token: a caller that hangs up must not escape the log.
            await AuditLog.AppendAsync(services.GetRequiredService<NpgsqlDataSource>(), record, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            // The refusal itself stands; losing its audit row must not turn a 401/403 into a 500.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefusalAudit))
                .LogWarning(e, "could not audit a refused request ({Status} on {Kind})", context.Response.StatusCode, kind);
        }
    }
}
