namespace Minato.Disaster.Http.Tasks;

/// <summary>Body of <c>POST /api/tasks/{id}/messages</c>.</summary>
public sealed record TaskMessageInput(string? Text);
