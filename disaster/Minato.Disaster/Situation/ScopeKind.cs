namespace Minato.Disaster.Situation;

/// <summary>Who a live scope is for.</summary>
public enum ScopeKind
{
    /// <summary>Disaster HQ: everything.</summary>
    Hq,

    /// <summary>A district HQ: its district's entities plus ward-wide ones.</summary>
    District,

    /// <summary>A shelter: its own entities plus alerts for its area.</summary>
    Shelter,

    /// <summary>Anyone: only the public projection of public entities.</summary>
    Public,

    /// <summary>The staff of a temporary-stay facility: the tasks addressed to it and its own state.</summary>
    Facility,
}
