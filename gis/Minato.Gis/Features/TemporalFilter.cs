namespace Minato.Gis.Features;

/// <summary>
/// The OGC <c>datetime</c> filter as an interval with inclusive bounds (UTC); a null bound is open.
/// An instant is an interval whose bounds are equal; a date covers its whole UTC day.
/// </summary>
public sealed record TemporalFilter(DateTimeOffset? Start, DateTimeOffset? End);
