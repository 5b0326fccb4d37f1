using Minato.Disaster.Security;

namespace Minato.Disaster.Http;

/// <summary>The RFC 9457 problem responses the operations API shares (one wording for one situation).</summary>
public static class OpsProblems
{
    /// <summary>403: the caller is authenticated but may not act on this entity (another district's, another shelter's).</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed / 権限がありません", detail: detail);

    /// <summary>404 for an entity kind and id.</summary>
    public static ProblemHttpResult NotFound(string entity, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found / 見つかりません", detail: $"no {entity} '{id}'");

    /// <summary>409: the request conflicts with the entity's current state (e.g. a status transition that is not allowed).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict / 状態が競合しています", detail: detail);

    /// <summary>The acting staff member; endpoints behind a staff policy always have one.</summary>
    public static Actor RequireActor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Actor.FromPrincipal(context.User) ?? throw new InvalidOperationException("endpoint reached without an authenticated actor: missing RequireAuthorization?");
    }
}
