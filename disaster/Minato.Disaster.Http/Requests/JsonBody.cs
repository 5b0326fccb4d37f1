namespace Minato.Disaster.Http.Requests;

/// <summary>
/// A JSON request body as <see cref="RequestBody.ReadJsonAsync{T}"/> read it: the value and its raw bytes (hashed for
/// idempotency), or the problem to answer instead (400 with errors per field, 413, 415).
/// </summary>
public readonly record struct JsonBody<T>(T? Value, byte[] Raw, ProblemHttpResult? Problem)
    where T : class;
