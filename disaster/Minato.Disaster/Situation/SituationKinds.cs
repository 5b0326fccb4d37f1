namespace Minato.Disaster.Situation;

/// <summary>The entity kinds of the live situation (the <c>kind</c> of every change and snapshot entity).</summary>
public static class SituationKinds
{
    /// <summary>A sensor station with its latest reading, derived values and worst stage (coalesced).</summary>
    public const string Station = "station";

    /// <summary>A sensor alert state (station + measure) above normal.</summary>
    public const string SensorAlert = "sensor-alert";

    /// <summary>Building damage survey counts of a district by grade (no personal data; staff scopes only).</summary>
    public const string DamageSurveySummary = "damage-survey-summary";

    // Issue 6 adds: report, shelter, task, public-alert: one factory each, same mechanism.
}
