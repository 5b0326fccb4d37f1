using Minato.Disaster.Idempotency;

namespace Minato.Disaster.Reports;

/// <summary>
/// What a report operation answers: the report with its JSON, or (an idempotent retry) the first request's stored
/// response. Carried in an <c>Outcome&lt;ReportReply&gt;</c>.
/// </summary>
public sealed record ReportReply(ReportView? Report, string Json, StoredResponse? Replay = null)
{
    /// <summary>The field an idempotency-key mismatch is reported under (the request header).</summary>
    public const string IdempotencyKeyField = "Idempotency-Key";
}
