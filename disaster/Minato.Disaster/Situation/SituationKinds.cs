namespace Minato.Disaster.Situation;

/// <summary>The entity kinds of the live situation (the <c>kind</c> of every change and snapshot entity).</summary>
public static class SituationKinds
{
    /// <summary>A sensor station with its latest reading, derived values and worst stage (coalesced).</summary>
    public const string Station = "station";

    /// <summary>A sensor alert state (station + measure) above normal.</summary>
    public const string SensorAlert = "sensor-alert";

    /// <summary>A shelter with its operating state (public projection: crowding, while open).</summary>
    public const string Shelter = "shelter";

    /// <summary>An instruction or request between HQ, district HQs, shelters and field teams.</summary>
    public const string Task = "task";

    /// <summary>An open field damage report (reports/ReportChanges): staff scopes of HQ and the report's district only.</summary>
    public const string Report = "report";

    /// <summary>A resident alert (警戒レベル, CAP 1.2): public in full; removed when cancelled.</summary>
    public const string PublicAlert = "public-alert";

    /// <summary>Building damage survey counts of a district by grade (no personal data; staff scopes only).</summary>
    public const string DamageSurveySummary = "damage-survey-summary";

    /// <summary>A temporary-stay facility (一時滞在施設) with its status, crowding and supplies: every scope, public included.</summary>
    public const string StayFacility = "stay-facility";

    /// <summary>The decision board (recommended 警戒レベル per district and 町丁目): staff scopes only, recomputed on a gauge
    /// stage change (and, with the JMA adapter, on a JMA message).</summary>
    public const string Decisions = "decisions";

    /// <summary>What JMA (気象庁) has in force for Minato, the latest earthquake and 東京湾内湾 (jma/JmaChanges): every scope,
    /// public included; always shown as 気象庁発表, never as the ward's own 警報.</summary>
    public const string Jma = "jma";

    /// <summary>The 町丁目 of one district cut off for one hazard (isolation/IsolationPublisher, id <c>{hazard}:{district}</c>,
    /// always present once the 町丁目 are loaded, empty when none): HQ and that district's HQ only, never public.</summary>
    public const string Isolation = "isolation";
}
