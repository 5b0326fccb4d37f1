using Minato.Disaster.Results;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http;

/// <summary>
/// The RFC 9457 problem responses the operations API shares: one status code and one wording for one situation, and
/// the one mapping of a failed <see cref="Outcome{T}"/> to its problem (<see cref="From{T}"/>).
/// </summary>
public static class OpsProblems
{
    private const string InvalidTitle = "Invalid request / 入力が不正です";

    /// <summary>403: the caller is authenticated but may not act on this entity (another district's, another shelter's).</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "Not allowed / 権限がありません", detail);

    /// <summary>404 for an entity kind and id.</summary>
    public static ProblemHttpResult NotFound(string entity, string id) => NotFound($"no {entity} '{id}'");

    /// <summary>404 with the detail as it is (e.g. <c>no household 12</c>).</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found / 見つかりません", detail);

    /// <summary>409: the request conflicts with the entity's current state (e.g. a status transition that is not allowed).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "Conflict / 状態が競合しています", detail);

    /// <summary>
    /// 422: the request is well-formed but cannot be processed (it refers to something missing, lies outside the ward,
    /// reuses an idempotency key); <paramref name="errors"/> per field, when known, go into the <c>errors</c> member.
    /// </summary>
    public static ProblemHttpResult Unprocessable(string? detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot be processed / 処理できません",
            detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["errors"] = errors });

    /// <summary>400 with errors per field (a request's own validation): the one wording of an invalid request.</summary>
    public static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: InvalidTitle);

    /// <summary>400 for one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>
    /// 400 with errors per field, as a problem result (a body the reader refused): the same document as
    /// <see cref="Invalid(IEnumerable{KeyValuePair{string, string[]}})"/>.
    /// </summary>
    public static ProblemHttpResult BadRequest(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = InvalidTitle });

    /// <summary>400 for one field, as a problem result.</summary>
    public static ProblemHttpResult BadRequest(string field, string message) =>
        BadRequest(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>400 without a field: the request cannot be read at all (a malformed multipart body).</summary>
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, InvalidTitle, detail);

    /// <summary>413: the body (or a part of it) is larger than the endpoint accepts.</summary>
    public static ProblemHttpResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Too large / サイズが大きすぎます", detail);

    /// <summary>415: the body is not of a media type the endpoint reads.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type / 対応していない形式です", detail);

    /// <summary>429: the caller has used up its allowance (e.g. 安否 searches per minute); the caller sets Retry-After.</summary>
    public static ProblemHttpResult TooManyRequests(string detail) =>
        Problem(StatusCodes.Status429TooManyRequests, "Too many requests / リクエストが多すぎます", detail);

    /// <summary>The problem of a failed outcome (its detail never holds personal data, so it is answered as it is).</summary>
    public static ProblemHttpResult From<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            OutcomeStatus.NotFound => NotFound(outcome.Detail ?? "not found"),
            OutcomeStatus.Invalid => Unprocessable(outcome.Detail, outcome.Errors),
            OutcomeStatus.Conflict => Conflict(outcome.Detail ?? "conflict"),
            OutcomeStatus.Forbidden => Forbidden(outcome.Detail ?? "not allowed"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Status, "not a failure"),
        };
    }

    /// <summary>200 with the value of a successful outcome, or the problem of a failed one.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : From(outcome);
    }

    /// <summary>The acting staff member; endpoints behind a staff policy always have one.</summary>
    public static Actor RequireActor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Actor.FromPrincipal(context.User)
            ?? throw new InvalidOperationException("endpoint reached without an authenticated actor: missing RequireAuthorization?");
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
