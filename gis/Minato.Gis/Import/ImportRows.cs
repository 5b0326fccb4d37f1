using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

// The validated records each importer hands to ImportWriter, one record type per target table.
// Geometries are in EPSG:6668 and already checked by GeometryChecks.

/// <summary>Where a record came from, for error messages: <c>feature 3</c>, <c>row 12</c>, <c>way 4711</c>.</summary>
internal readonly record struct RecordRef(string Unit, long Number)
{
    public ImportError Error(string reason) => new(Unit, Number, reason);

    public override string ToString() => $"{Unit} {Number}";
}

/// <summary>gis.facilities. <see cref="IsOpen"/> null keeps the stored value (operations may have closed a site).
/// <see cref="CommonId"/> is the GSI 共通ID's facility part, shared by a facility's 指定避難所 and 指定緊急避難場所 rows.</summary>
internal sealed record FacilityRow(
    RecordRef Ref, string Kind, string Source, string SourceId, string Name, string? Address, int? Capacity, bool Welfare,
    bool[] Suits, bool? IsOpen, string? Note, Point Geom, string? CommonId = null);

/// <summary>One 東京都防災マップ record: its normalised name, place and the four accessibility answers (null = blank).</summary>
internal sealed record AccessibilityRow(
    RecordRef Ref, string Name, string NameKey, bool? ElevatorOrGroundFloor, bool? Slope, bool? TactilePaving, bool? AccessibleToilet,
    string? Note, Point Geom);

/// <summary>gis.roads. <c>blocked</c> is never written by an import (damage reports own it); <see cref="Foot"/>: walkers may use
/// it (node ids and length are kept by the table's trigger).</summary>
internal sealed record RoadRow(
    RecordRef Ref, string Source, string SourceId, string? Name, string RoadClass, float? WidthM, bool Oneway, bool EmergencyRoute,
    LineString Geom, bool Foot);

/// <summary>gis.hazard_areas.</summary>
internal sealed record HazardAreaRow(
    RecordRef Ref, string Kind, short Rank, string RankLabel, float? DepthMinM, float? DepthMaxM, string Source, string SourceId,
    DateOnly ValidFrom, MultiPolygon Geom);

/// <summary>gis.borings with its layers (top to bottom).</summary>
internal sealed record BoringRow(
    RecordRef Ref, string Source, string SourceId, string? Name, float? GroundElevationM, float TotalDepthM, DateOnly? DrilledOn,
    Point Geom, IReadOnlyList<BoringLayerRow> Layers);

/// <summary>gis.boring_layers: depths in metres below the ground surface; SPT N up to 300 (extrapolated above 50).</summary>
internal sealed record BoringLayerRow(int Seq, float TopM, float BottomM, string SoilName, short? SptN);

/// <summary>gis.boundary or gis.districts.</summary>
internal sealed record AreaRow(RecordRef Ref, string Id, string NameJa, string NameEn, string Source, MultiPolygon Geom);

/// <summary>What a reader made of a file before anything is written.</summary>
internal sealed class ParsedFile<T>(string format)
{
    public string Format { get; set; } = format;

    public List<T> Rows { get; } = [];

    public List<ImportError> Errors { get; } = [];

    public List<string> Notes { get; } = [];

    public int Read { get; set; }

    public int Skipped { get; set; }

    public string? FatalError { get; set; }
}

/// <summary>gis.chome: one 町丁目 (its census parts unioned), with the district it belongs to.</summary>
internal sealed record ChomeRow(
    RecordRef Ref, string KeyCode, string Name, int Population, int Households, string District, string Source, MultiPolygon Geom);
