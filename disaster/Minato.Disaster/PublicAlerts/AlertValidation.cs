namespace Minato.Disaster.PublicAlerts;

/// <summary>The outcome of checking an alert request: a draft, or the problems found per field (never an exception).</summary>
public sealed record AlertValidation(AlertDraft? Draft, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Draft is not null && Errors.Count == 0;

    /// <summary>Every problem as one line (for a problem's <c>detail</c>).</summary>
    public string Summary => string.Join("; ", Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    public static AlertValidation Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
