namespace Minato.Disaster.Reports;

/// <summary>How a report operation ended (the HTTP layer maps each to a status).</summary>
public enum ReportOutcomeKind
{
    /// <summary>Done (201 for a create, 200 otherwise).</summary>
    Done,

    /// <summary>A retry of a finished request: its first response is replayed.</summary>
    Replayed,

    /// <summary>Same idempotency key, different content (422).</summary>
    KeyMismatch,

    /// <summary>The geometry lies outside Minato City (422).</summary>
    OutsideWard,

    /// <summary>Invalid input found by the service (400/422 with <see cref="ReportOutcome.Detail"/>).</summary>
    Invalid,

    NotFound,

    /// <summary>The caller may not act on this report (403).</summary>
    Forbidden,

    /// <summary>The transition is not allowed from the current status (409).</summary>
    Conflict,
}
