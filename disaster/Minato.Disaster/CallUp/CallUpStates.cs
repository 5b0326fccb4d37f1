namespace Minato.Disaster.CallUp;

/// <summary>The states of a call-up: proposed → active → ended, or proposed → dismissed.</summary>
public static class CallUpStates
{
    public const string Proposed = "proposed";
    public const string Active = "active";
    public const string Ended = "ended";
    public const string Dismissed = "dismissed";
}
