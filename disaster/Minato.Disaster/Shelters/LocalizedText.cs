namespace Minato.Disaster.Shelters;

/// <summary>A short user-facing text in Japanese and English.</summary>
public sealed record LocalizedText(string Ja, string En);
