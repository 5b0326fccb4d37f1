namespace Minato.Disaster.CallUp;

/// <summary>
/// The 配備体制 (staffing levels) of the ward, lowest first: <c>info</c> 情報連絡態勢, <c>first</c> 第1非常配備,
/// <c>second</c> 第2非常配備, <c>third</c> 第3非常配備. Wire ids are these English words; names are ja and en.
/// </summary>
public static class CallUpLevels
{
    public const string Info = "info";
    public const string First = "first";
    public const string Second = "second";
    public const string Third = "third";

    /// <summary>Every level, lowest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Info, First, Second, Third];

    public static bool IsKnown(string? level) => level is not null && All.Contains(level, StringComparer.Ordinal);

    /// <summary>0 (info) … 3 (third); -1 when unknown.</summary>
    public static int Rank(string? level) => level is null ? -1 : All.ToList().IndexOf(level);

    public static string NameJa(string level) => level switch
    {
        Info => "情報連絡態勢",
        First => "第1非常配備",
        Second => "第2非常配備",
        Third => "第3非常配備",
        _ => level,
    };

    public static string NameEn(string level) => level switch
    {
        Info => "Information liaison posture",
        First => "Emergency staffing level 1",
        Second => "Emergency staffing level 2",
        Third => "Emergency staffing level 3",
        _ => level,
    };
}
