namespace Minato.Disaster.Text;

/// <summary>A short user-facing text in Japanese and English (serialised as <c>{"ja": …, "en": …}</c>).</summary>
public sealed record LocalizedText(string Ja, string En);
