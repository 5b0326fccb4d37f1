using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Ledger;

/// <summary>Kinds of support recorded in the victim ledger, with their labels.</summary>
public static class SupportKinds
{
    private static readonly Dictionary<string, LocalizedText> Labels = new(StringComparer.Ordinal)
    {
        ["reconstruction-grant"] = new("被災者生活再建支援金", "Livelihood recovery support grant"),
        ["donation"] = new("義援金", "Donations (relief money)"),
        ["emergency-repair"] = new("住宅の応急修理", "Emergency housing repair"),
        ["temporary-housing"] = new("応急仮設住宅", "Temporary housing"),
        ["other"] = new("その他", "Other"),
    };

    public static IReadOnlyCollection<string> All => Labels.Keys;

    public static LocalizedText? LabelOf(string kind) => Labels.GetValueOrDefault(kind);
}
