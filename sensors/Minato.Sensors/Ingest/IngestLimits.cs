namespace Minato.Sensors.Ingest;

/// <summary>What the validator accepts. Immutable.</summary>
/// <param name="MaxClockSkew">How far ahead of the server clock a reading may be (default 5 min); beyond = "future_time".</param>
/// <param name="MaxAge">How old a reading may be (default 30 days); older = "too_old".</param>
public sealed record IngestLimits(TimeSpan MaxClockSkew, TimeSpan MaxAge, int MaxPayloadBytes = 64 * 1024)
{
    public static IngestLimits Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));

    /// <summary>Year 9999 in Unix seconds: anything beyond cannot be a timestamp.</summary>
    public double MaxUnixSeconds => 253_402_300_799;
}
