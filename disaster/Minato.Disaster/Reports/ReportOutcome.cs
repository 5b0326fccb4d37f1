using Minato.Disaster.Idempotency;

namespace Minato.Disaster.Reports;

/// <summary>The result of a report operation: the report (with its JSON), a replayed response, or the reason it failed.</summary>
public sealed record ReportOutcome(ReportOutcomeKind Kind, ReportView? Report = null, string? Json = null, StoredResponse? Replay = null, string? Detail = null)
{
    public static ReportOutcome Done(ReportView report, string json) => new(ReportOutcomeKind.Done, report, json);

    public static ReportOutcome Failed(ReportOutcomeKind kind, string detail) => new(kind, Detail: detail);
}
