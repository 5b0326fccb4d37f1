namespace Minato.Gis.Hazards;

/// <summary>What threatens one point of the ward and where to go. Coordinates EPSG:6668 (lon, lat); distances in metres
/// (EPSG:6677).</summary>
public sealed record HazardReport(
    ReportLocation Location,
    IReadOnlyList<HazardAtPoint> Hazards,
    BoringSummary? NearestBoring,
    IReadOnlyList<EvacuationChoice> Evacuation);

/// <summary>The queried point and the district that contains it (null where no district covers it).</summary>
public sealed record ReportLocation(double Lon, double Lat, string? DistrictId, string? DistrictNameJa, string? DistrictNameEn);

/// <summary>One hazard area covering the point. Rank: depth rank or zone class, higher is worse.</summary>
public sealed record HazardAtPoint(
    long Id, string Kind, string KindJa, string KindEn, int Rank, string RankLabel, double? DepthMinM, double? DepthMaxM,
    string Source, DateOnly ValidFrom);

/// <summary>The nearest boring: ground elevation T.P. (m), total depth (m), surface soil and the first layer with SPT N ≥ 50 (a bearing
/// layer).</summary>
public sealed record BoringSummary(
    long Id, string? Name, double DistanceMetres, double Lon, double Lat, double? GroundElevationM, double TotalDepthM,
    int LayerCount, string? SurfaceSoil, int? MaxSptN, double? BearingLayerDepthM);

/// <summary>For one hazard present, the nearest open evacuation sites designated for it.</summary>
/// <param name="Suitability">The flag the sites were chosen by (e.g. <c>suits_flood</c>).</param>
/// <param name="IsFallback">True when no open site is designated for the hazard itself and the fallback flag was used.</param>
public sealed record EvacuationChoice(string Hazard, string Suitability, bool IsFallback, IReadOnlyList<EvacuationSite> Sites);

/// <summary>An evacuation site and its distance from the queried point (metres, EPSG:6677).</summary>
public sealed record EvacuationSite(long Id, string Name, string? Address, int? Capacity, double Lon, double Lat, double DistanceMetres);
