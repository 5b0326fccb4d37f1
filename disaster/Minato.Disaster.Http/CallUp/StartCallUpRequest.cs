namespace Minato.Disaster.Http.CallUp;

/// <summary>The body of <c>POST /api/callups</c>: level (info|first|second|third), groups (empty = everyone), a reason.</summary>
public sealed record StartCallUpRequest(string? Level, List<string>? Groups, string? Reason);
