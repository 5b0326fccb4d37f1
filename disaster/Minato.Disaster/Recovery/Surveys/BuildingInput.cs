using System.Text.Json;

namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// A building surveyed for the first time: address as on the survey form, location (GeoJSON Point, lon/lat in
/// EPSG:6668, inside Minato City), structure (<c>wooden</c> 木造 | <c>non-wooden</c> 非木造), floors (1–100) and use
/// (<c>dwelling</c> 住家 | <c>mixed</c> 併用住宅 | <c>non-dwelling</c> 非住家; only dwellings get certificates).
/// </summary>
public sealed record BuildingInput(string? Address, JsonElement? Location, string? Structure, int? Floors, string? Use);
