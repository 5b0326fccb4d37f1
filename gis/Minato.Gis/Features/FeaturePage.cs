namespace Minato.Gis.Features;

/// <summary>One page of features and how many match the filters in all.</summary>
public sealed record FeaturePage(long NumberMatched, IReadOnlyList<FeatureRow> Features);
