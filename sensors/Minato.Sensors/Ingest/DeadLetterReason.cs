namespace Minato.Sensors.Ingest;

/// <summary>Why a message was dead-lettered (the <c>reason</c> column and the metric's <c>reason</c> tag).</summary>
public static class DeadLetterReason
{
    public const string BadTopic = "bad_topic";
    public const string TooLarge = "too_large";
    public const string Unparseable = "unparseable";
    public const string UnknownStation = "unknown_station";
    public const string StationMismatch = "station_mismatch";
    public const string WrongKind = "wrong_kind";
    public const string UnknownMeasurement = "unknown_measurement";
    public const string WrongUnit = "wrong_unit";
    public const string ImpossibleValue = "impossible_value";
    public const string FutureTime = "future_time";
    public const string TooOld = "too_old";
}
