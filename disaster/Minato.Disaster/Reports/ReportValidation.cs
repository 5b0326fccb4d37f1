namespace Minato.Disaster.Reports;

/// <summary>The outcome of reading a report's JSON: a draft, or the reasons per field (never both).</summary>
public sealed record ReportValidation(ReportDraft? Draft, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Draft is not null;

    public static ReportValidation Valid(ReportDraft draft) => new(draft, new Dictionary<string, string[]>());

    public static ReportValidation Invalid(Dictionary<string, string[]> errors) => new(null, errors);
}
