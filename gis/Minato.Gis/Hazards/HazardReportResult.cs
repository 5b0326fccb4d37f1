namespace Minato.Gis.Hazards;

/// <summary>The outcome of a point query: a report, or the reason there is none.</summary>
public sealed record HazardReportResult(HazardReport? Report, HazardReportRefusal? Refusal, string? Reason, double? DistanceToWardMetres)
{
    public static HazardReportResult Found(HazardReport report) => new(report, null, null, null);

    public static HazardReportResult Refused(HazardReportRefusal refusal, string reason, double? distanceToWardMetres = null) =>
        new(null, refusal, reason, distanceToWardMetres);
}

/// <summary>Why a point query has no report.</summary>
public enum HazardReportRefusal
{
    /// <summary>Longitude or latitude is not a coordinate on Earth.</summary>
    InvalidCoordinate,

    /// <summary>The point lies outside the ward boundary.</summary>
    OutsideWard,

    /// <summary>No ward boundary is loaded, so the ward test cannot be made.</summary>
    NoBoundary,
}
