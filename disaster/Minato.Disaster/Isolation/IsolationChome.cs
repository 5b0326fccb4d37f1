namespace Minato.Disaster.Isolation;

/// <summary>An isolated 町丁目 in a live <c>isolation</c> entity: e-Stat key code, name, census residents and households,
/// and why (<c>isolated</c>: its roads reach no open suitable site; <c>off_network</c>: no walkable road near it).</summary>
public sealed record IsolationChome(string KeyCode, string? Name, int Residents, int Households, string Reason);
