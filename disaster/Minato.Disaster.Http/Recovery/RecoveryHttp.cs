using System.Text.Json;
using Minato.Disaster.Recovery;

namespace Minato.Disaster.Http.Recovery;

/// <summary>Request reading and result mapping shared by the survey, certificate and ledger endpoints.</summary>
internal static class RecoveryHttp
{
    /// <summary>Largest JSON body accepted (a survey with 30 components is about 3 KB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    // Unknown members are refused: a client that sends "grade" must learn that the grade is derived, never typed.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Reads a JSON body of at most <see cref="MaxBodyBytes"/>: the value and the raw bytes, or the problem to answer
    /// (413 too large, 415 not JSON, 400 malformed with the JSON path and line).
    /// </summary>
    public static async Task<JsonBody<T>> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new(null, [], null, TooLarge());
        }

        if (!(request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, [], null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type / 形式が不正です", detail: "send the body as application/json"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return new(null, [], null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var raw = buffer.ToArray();
        try
        {
            var value = JsonSerializer.Deserialize<T>(raw, Json);
            return value is null
                ? new(null, raw, Invalid("body", "the body is a JSON object"), null)
                : new(value, raw, null, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return new(null, raw, Invalid(e.Path is { Length: > 2 } p ? p[2..] : "body",
                $"malformed JSON{where} (line {e.LineNumber + 1}): {FirstSentence(e.Message)}"), null);
        }
    }

    /// <summary><see cref="ReadJsonAsync{T}"/>, then <paramref name="validate"/>: its errors become the 400 answer.</summary>
    public static async Task<JsonBody<T>> ReadValidJsonAsync<T>(
        HttpRequest request, Func<T, Dictionary<string, string[]>> validate, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(validate);
        var body = await ReadJsonAsync<T>(request, cancellationToken);
        if (body.Value is null)
        {
            return body;
        }

        var errors = validate(body.Value);
        return errors.Count > 0 ? body with { Value = null, Invalid = Invalid(errors) } : body;
    }

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request / 入力が不正です");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request / 入力が不正です");

    /// <summary>The problem response of a failed <see cref="Outcome{T}"/> (its message never holds personal data).</summary>
    public static ProblemHttpResult Problem(OutcomeStatus status, string? message) => status switch
    {
        OutcomeStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found / 見つかりません", detail: message),
        OutcomeStatus.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Cannot be processed / 処理できません", detail: message),
        OutcomeStatus.Conflict => OpsProblems.Conflict(message ?? "conflict"),
        OutcomeStatus.Forbidden => OpsProblems.Forbidden(message ?? "not allowed"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a failure"),
    };

    /// <summary>Checks paging parameters (limit 1–500, offset ≥ 0) into <paramref name="errors"/>.</summary>
    public static (int Limit, int Offset) Paging(int? limit, int? offset, Dictionary<string, string[]> errors)
    {
        if (limit is not null and (< 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit is 1–{MaxLimit}"];
        }

        if (offset is < 0)
        {
            errors["offset"] = ["offset is 0 or more"];
        }

        return (limit ?? DefaultLimit, offset ?? 0);
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request too large / リクエストが大きすぎます", detail: $"the body is at most {MaxBodyBytes / 1024} KB");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}

/// <summary>A JSON request body: the value and raw bytes, or why it was refused (400 <see cref="Invalid"/>; 413/415 <see cref="Refused"/>).</summary>
internal readonly record struct JsonBody<T>(T? Value, byte[] Raw, ValidationProblem? Invalid, ProblemHttpResult? Refused)
    where T : class;
