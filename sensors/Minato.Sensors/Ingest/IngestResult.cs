namespace Minato.Sensors.Ingest;

/// <summary>The outcome of validating one MQTT message: its readings, or why it goes to the dead letters.</summary>
public sealed class IngestResult
{
    private IngestResult(IReadOnlyList<Reading> readings, string? reason, string? detail)
    {
        Readings = readings;
        Reason = reason;
        Detail = detail;
    }

    public bool IsAccepted => Reason is null;

    public IReadOnlyList<Reading> Readings { get; }

    /// <summary>A <see cref="DeadLetterReason"/> constant when rejected.</summary>
    public string? Reason { get; }

    public string? Detail { get; }

    public static IngestResult Accepted(IReadOnlyList<Reading> readings) => new(readings, null, null);

    public static IngestResult Rejected(string reason, string detail) => new([], reason, detail);
}
