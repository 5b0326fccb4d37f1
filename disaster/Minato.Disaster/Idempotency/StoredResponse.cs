namespace Minato.Disaster.Idempotency;

/// <summary>The first result of an idempotent request, replayed as is for a retry with the same key and content.</summary>
/// <param name="StatusCode">HTTP status of the first response (e.g. 201).</param>
/// <param name="Location">Its <c>Location</c> header, or null.</param>
/// <param name="Body">Its body (JSON text).</param>
public sealed record StoredResponse(int StatusCode, string? Location, string Body);
