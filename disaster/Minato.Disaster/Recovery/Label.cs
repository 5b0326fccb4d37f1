namespace Minato.Disaster.Recovery;

/// <summary>A user-facing label in Japanese and English (serialised as <c>{"ja": …, "en": …}</c>).</summary>
public sealed record Label(string Ja, string En);
