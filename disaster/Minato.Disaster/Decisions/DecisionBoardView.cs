using Minato.Disaster.PublicAlerts;

namespace Minato.Disaster.Decisions;

/// <summary>
/// The decision board now: per 町丁目 and per district the recommended 警戒レベル with its reasons, the residents
/// affected, the resident alerts in force there and whether a level in force may be lowered. A recommendation only:
/// nothing is issued or lowered by the system.
/// </summary>
public sealed record DecisionBoardView(
    DateTimeOffset At, int RulesVersion, IReadOnlyList<DecisionInput> Inputs, IReadOnlyList<DistrictDecision> Districts,
    IReadOnlyList<ChomeDecision> Chome, IReadOnlyList<StaffProposal> Staff);

/// <summary>Why a level is recommended: the input and the rule that made it.</summary>
public sealed record DecisionReason(
    int Level, string Source, string Trigger, string Hazard, IReadOnlyDictionary<string, string> Text, DateTimeOffset Since,
    string Reference, string Basis);

/// <summary>A resident alert in force over a 町丁目.</summary>
public sealed record AlertInForce(long Id, int Level, string? Evacuation, string Headline);

/// <summary>
/// One 町丁目 on the board. <paramref name="Level"/> null: no reason now. <paramref name="ResidentsInArea"/>: residents
/// area-weighted by the hazard areas behind the highest reason. <paramref name="MayLower"/>: an alert in force is above
/// the level recommended now (its reasons ended or eased).
/// </summary>
public sealed record ChomeDecision(
    string KeyCode, string Name, string District, int? Level, string? Evacuation, IReadOnlyList<DecisionReason> Reasons,
    int Population, int Households, int ResidentsInArea, IReadOnlyList<AlertInForce> Alerts, bool MayLower);

/// <summary>
/// A district on the board: its highest recommended level, the 町丁目 at that level with their residents, the reasons,
/// the alerts in force, and a draft resident alert for those 町丁目 (for the resident-alert form; HQ edits and issues).
/// </summary>
public sealed record DistrictDecision(
    string Id, string NameJa, string NameEn, int? Level, IReadOnlyList<string> ChomeAtLevel, long ResidentsAffected,
    IReadOnlyList<DecisionReason> Reasons, IReadOnlyList<AlertInForce> Alerts, bool MayLower, PublicAlertRequest? Draft);

/// <summary>A staff deployment (配備) a rule proposes, e.g. 第2非常配備 for 震度5弱以上.</summary>
public sealed record StaffProposal(string Staff, DecisionReason Reason);
