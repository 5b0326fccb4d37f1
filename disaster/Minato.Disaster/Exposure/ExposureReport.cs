namespace Minato.Disaster.Exposure;

/// <summary>
/// Who lives in an area: the 町丁目 it touches with their census residents and households, area-weighted where a
/// 町丁目 is partly inside, and the same per district. Counts are whole people (each 町丁目's weighted count rounded).
/// </summary>
/// <param name="Area">What was asked: <c>hazard</c>, <c>alert</c>, <c>chome</c> or <c>polygon</c>, and its value.</param>
public sealed record ExposureReport(
    string Area, string Value, string Method, ExposureTotals Total, IReadOnlyList<DistrictExposure> Districts,
    IReadOnlyList<ChomeExposure> Chome);

/// <summary>Residents and households (2020 census) in an area.</summary>
public sealed record ExposureTotals(long Population, long Households, int ChomeCount);

/// <summary>One district's share of an exposure.</summary>
public sealed record DistrictExposure(string Id, string NameJa, string NameEn, long Population, long Households, int ChomeCount);

/// <summary>
/// One 町丁目 in an area. <paramref name="Share"/> is the fraction of its area inside (0–1, EPSG:6677 areas);
/// <paramref name="Population"/> = round(census residents × share), likewise households.
/// </summary>
public sealed record ChomeExposure(
    string KeyCode, string Name, string District, double Share, int Population, int Households, int CensusPopulation,
    int CensusHouseholds);
