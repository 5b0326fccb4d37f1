namespace Minato.Disaster.CheckIn;

/// <summary>A member of a registered household besides the registrant (personal data).</summary>
public sealed record EvacueeMember(string? Name, string? Kana);
