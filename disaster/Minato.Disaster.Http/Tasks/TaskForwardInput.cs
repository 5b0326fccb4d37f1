using Minato.Disaster.Tasks;

namespace Minato.Disaster.Http.Tasks;

/// <summary>Body of <c>POST /api/tasks/{id}/forward</c>: <c>{"to":{"kind":"hq"},"note":"…"}</c>.</summary>
public sealed record TaskForwardInput(TaskUnitInput? To, string? Note);
