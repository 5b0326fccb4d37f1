namespace Minato.Disaster.Http.Tasks;

/// <summary>Body of <c>POST /api/tasks/{id}/status</c>: acknowledged, in-progress, done or cancelled.</summary>
public sealed record TaskStatusChange(string? Status);
