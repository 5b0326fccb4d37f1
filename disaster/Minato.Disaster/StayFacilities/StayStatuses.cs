using Minato.Disaster.Text;

namespace Minato.Disaster.StayFacilities;

/// <summary>The live status of a temporary-stay facility (一時滞在施設).</summary>
public static class StayStatuses
{
    /// <summary>受入可: open and taking people.</summary>
    public const string Accepting = "accepting";

    /// <summary>受入停止: open but not taking people now.</summary>
    public const string Suspended = "suspended";

    /// <summary>満員: no room left.</summary>
    public const string Full = "full";

    /// <summary>未開設: not opened (the state of a facility nobody has reported on).</summary>
    public const string NotOpened = "not_opened";

    public static IReadOnlyList<string> All { get; } = [Accepting, Suspended, Full, NotOpened];

    /// <summary>The bilingual label of a status.</summary>
    public static LocalizedText Label(string status) => status switch
    {
        Accepting => new("受入可", "Accepting"),
        Suspended => new("受入停止", "Suspended"),
        Full => new("満員", "Full"),
        _ => new("未開設", "Not opened"),
    };
}
