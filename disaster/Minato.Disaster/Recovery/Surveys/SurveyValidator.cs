using System.Text.Json;
using Minato.Gis.Layers;

namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// Checks a <see cref="SurveyRequest"/> field by field. Every problem is listed under its JSON path (for an RFC 9457
/// validation problem); nothing reaches the database unless all are fine.
/// </summary>
public static class SurveyValidator
{
    public const int MaxNoteLength = 2000;
    public const int MaxAddressLength = 200;
    public const int MaxComponents = 30;

    /// <summary>How far in the future a survey time may lie (phone clocks drift).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> Structures { get; } = ["wooden", "non-wooden"];

    public static IReadOnlyList<string> Uses { get; } = ["dwelling", "mixed", "non-dwelling"];

    /// <summary>The errors by field; empty (and <paramref name="survey"/> set) when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(SurveyRequest request, DateTimeOffset now, out ValidSurvey? survey)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        survey = null;

        if (request.Round is not (1 or 2))
        {
            errors["round"] = ["round is 1 (第1次調査, exterior) or 2 (第2次調査, interior)"];
        }

        ValidBuilding? building = null;
        if (request.BuildingId is null == request.Building is null)
        {
            errors["building"] = ["give either buildingId (a surveyed building) or building (a new one), not both"];
        }
        else if (request.BuildingId is { } id && id <= 0)
        {
            errors["buildingId"] = ["buildingId must be positive"];
        }
        else if (request.Building is { } input)
        {
            building = ValidateBuilding(input, errors);
            if (request.Round == 2)
            {
                errors["round"] = ["round 2 re-surveys a building that has a round-1 survey: give its buildingId"];
            }
        }

        var ratio = ValidateRatio(request, errors);

        var at = request.SurveyedAt ?? now;
        if (at > now + MaxClockSkew)
        {
            errors["surveyedAt"] = [$"surveyedAt {at:O} is in the future"];
        }

        if (request.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"note is at most {MaxNoteLength} characters"];
        }

        if (errors.Count == 0)
        {
            survey = new ValidSurvey(request.BuildingId, building, request.Round!.Value, ratio!.Value, DamageGrades.Classify(ratio.Value),
                request.Components, at.ToUniversalTime(), string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim());
        }

        return errors;
    }

    private static decimal? ValidateRatio(SurveyRequest request, Dictionary<string, string[]> errors)
    {
        decimal? computed = null;
        if (request.Components is { } components)
        {
            computed = ComputeRatio(components, errors);
        }

        if (request.DamageRatio is { } given)
        {
            if (DamageGrades.CheckRatio(given) is { } error)
            {
                errors["damageRatio"] = [error];
                return null;
            }

            if (computed is { } c && Math.Abs(c - given) > 0.01m)
            {
                errors["damageRatio"] = [$"damageRatio {given} disagrees with its components, which give {c}"];
                return null;
            }

            return given;
        }

        if (request.Components is null)
        {
            errors["damageRatio"] = ["damageRatio (%, 0–100) or components is required"];
        }

        return computed;
    }

    private static decimal? ComputeRatio(IReadOnlyList<SurveyComponent> components, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        if (components.Count is 0 or > MaxComponents)
        {
            problems.Add($"components lists 1 to {MaxComponents} components");
        }

        for (var i = 0; i < components.Count; i++)
        {
            var c = components[i];
            if (c is null || string.IsNullOrWhiteSpace(c.Component) || c.Component.Length > 50)
            {
                problems.Add($"components[{i}]: component names the part (1–50 characters, e.g. 屋根)");
            }
            else if (c.Weight is <= 0m or > 100m || c.Damage is < 0m or > 100m)
            {
                problems.Add($"components[{i}] ({c.Component}): weight is 0–100 % of the building (not 0), damage 0–100 %");
            }
        }

        if (problems.Count == 0)
        {
            var weights = components.Sum(c => c.Weight);
            if (weights != 100m)
            {
                problems.Add($"the component weights add up to {weights} %, not 100 %");
            }
        }

        if (problems.Count > 0)
        {
            errors["components"] = [.. problems];
            return null;
        }

        return decimal.Round(components.Sum(c => c.Weight * c.Damage) / 100m, DamageGrades.RatioDecimals, MidpointRounding.AwayFromZero);
    }

    private static ValidBuilding? ValidateBuilding(BuildingInput input, Dictionary<string, string[]> errors)
    {
        var count = errors.Count;
        var address = input.Address?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxAddressLength)
        {
            errors["building.address"] = [$"the address is required (at most {MaxAddressLength} characters)"];
        }

        if (input.Structure is null || !Structures.Contains(input.Structure))
        {
            errors["building.structure"] = ["structure is wooden (木造) or non-wooden (非木造)"];
        }

        if (input.Use is null || !Uses.Contains(input.Use))
        {
            errors["building.use"] = ["use is dwelling (住家), mixed (併用住宅) or non-dwelling (非住家)"];
        }

        if (input.Floors is not (>= 1 and <= 100))
        {
            errors["building.floors"] = ["floors is 1–100"];
        }

        var point = ParsePoint(input.Location, out var locationError);
        if (locationError is not null)
        {
            errors["building.location"] = [locationError];
        }

        return errors.Count == count
            ? new ValidBuilding(address!, point.Lon, point.Lat, input.Structure!, input.Floors!.Value, input.Use!)
            : null;
    }

    /// <summary>A GeoJSON Point inside the ward's bounding box.</summary>
    public static (double Lon, double Lat) ParsePoint(JsonElement? location, out string? error)
    {
        error = null;
        if (location is not { ValueKind: JsonValueKind.Object } g
            || !g.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Point"
            || !g.TryGetProperty("coordinates", out var coords) || coords.ValueKind != JsonValueKind.Array || coords.GetArrayLength() != 2
            || coords[0].ValueKind != JsonValueKind.Number || coords[1].ValueKind != JsonValueKind.Number)
        {
            error = "location is a GeoJSON Point: {\"type\":\"Point\",\"coordinates\":[lon, lat]}";
            return default;
        }

        var lon = coords[0].GetDouble();
        var lat = coords[1].GetDouble();
        if (!Ward.Extent.Contains(lon, lat))
        {
            error = lon is >= 20 and <= 46 && lat is >= 122 and <= 154
                ? $"({lon}, {lat}) looks like [lat, lon]: GeoJSON is [lon, lat]"
                : $"({lon}, {lat}) is outside Minato City (lon {Ward.Extent.MinX}–{Ward.Extent.MaxX}, lat " +
                    $"{Ward.Extent.MinY}–{Ward.Extent.MaxY})";
            return default;
        }

        return (lon, lat);
    }
}
