using System.Globalization;
using System.Text.Json;
using Minato.Gis.Input;
using NetTopologySuite.Geometries;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Checks an alert request without the database: level and evacuation information consistent, CAP status, exactly one
/// kind of area, a well-formed polygon (closed rings of [lon, lat], vertex limit), texts in Japanese and English at least,
/// known languages, lengths, expiry in the future. Every problem is reported with its field; never throws on bad input.
/// </summary>
public static class PublicAlertValidator
{
    public const int MaxHeadline = 160;
    public const int MaxDescription = 4000;
    public const int MaxInstruction = 2000;
    public const int MaxDistricts = 10;
    public const int MaxChome = 200;

    public static IReadOnlyList<string> Statuses { get; } = ["Actual", "Exercise", "Test"];

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 6668);

    public static AlertValidation Validate(PublicAlertRequest? request, DateTimeOffset now, PublicAlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (request is null)
        {
            return AlertValidation.Invalid("body", "a JSON body is required / 本文(JSON)が必要です");
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var level = request.Level is { } l ? WarningLevel.Of(l) : null;
        if (request.Level is null)
        {
            Add("level", "level (警戒レベル 1–5) is required");
        }
        else if (level is null)
        {
            Add("level", $"level must be 1–5 (警戒レベル), not {request.Level}");
        }

        if (request.Evacuation is { } e && !WarningLevel.EvacuationKeys.Contains(e, StringComparer.Ordinal))
        {
            Add("evacuation",
                $"unknown evacuation '{e}': use elderly-evacuate (高齢者等避難), evacuate (避難指示), emergency-safety (緊急安全確保) or null");
        }
        else if (level is not null && !string.Equals(level.Evacuation, request.Evacuation, StringComparison.Ordinal))
        {
            Add("evacuation", level.Evacuation is null
                ? $"level {level.Level} carries no evacuation information (only levels 3–5 do); got '{request.Evacuation}'"
                : $"level {level.Level} goes with evacuation '{level.Evacuation}' ({level.Event["ja"]}), not " +
                    $"'{request.Evacuation ?? "null"}'");
        }

        if (request.Status is null)
        {
            Add("status", "status is required: Actual, Exercise (訓練) or Test");
        }
        else if (!Statuses.Contains(request.Status, StringComparer.Ordinal))
        {
            Add("status", $"status must be Actual, Exercise or Test, not '{request.Status}'");
        }

        IReadOnlyList<string>? districts = null;
        IReadOnlyList<string>? chome = null;
        Polygon? polygon = null;
        if (request.Area is null)
        {
            Add("area", "area is required: {\"districts\":[…]}, {\"chome\":[KEY_CODE…]} or {\"polygon\":GeoJSON Polygon}");
        }
        else
        {
            var hasDistricts = request.Area.Districts is not null;
            var hasPolygon = request.Area.Polygon is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
            var hasChome = request.Area.Chome is not null;
            if ((hasDistricts ? 1 : 0) + (hasPolygon ? 1 : 0) + (hasChome ? 1 : 0) != 1)
            {
                Add("area", "give exactly one of area.districts, area.chome and area.polygon");
            }
            else if (hasChome)
            {
                chome = ChomeList(request.Area.Chome!, Add);
            }
            else if (hasDistricts)
            {
                var list = request.Area.Districts!;
                if (list.Count == 0)
                {
                    Add("area.districts", "at least one district is required");
                }
                else if (list.Count > MaxDistricts)
                {
                    Add("area.districts", $"at most {MaxDistricts} districts");
                }
                else if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
                {
                    Add("area.districts", "a district is listed twice");
                }
                else
                {
                    districts = list.Order(StringComparer.Ordinal).ToList();
                }
            }
            else if (ParsePolygon(request.Area.Polygon!.Value, options.MaxPolygonVertices, out var error) is { } p)
            {
                polygon = p;
            }
            else
            {
                Add("area.polygon", error!);
            }
        }

        var headline = Texts(request.Headline, "headline", MaxHeadline, required: true, Add);
        var description = Texts(request.Description, "description", MaxDescription, required: true, Add);
        var instruction = Texts(request.Instruction, "instruction", MaxInstruction, required: false, Add);

        if (headline is not null && description is not null && !SameLanguages(headline, description))
        {
            Add("description", "description must be given in the same languages as the headline");
        }

        if (headline is not null && instruction is not null && !SameLanguages(headline, instruction))
        {
            Add("instruction", "instruction must be given in the same languages as the headline");
        }

        if (request.Expires is { } expires && expires <= now)
        {
            Add("expires", $"expires ({expires:O}) is not in the future");
        }
        else if (request.Expires is { } late && late - now > options.MaxLifetime)
        {
            var days = options.MaxLifetime.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
            Add("expires", $"expires ({late:O}) is more than {days} days away: an alert lives at most that long "
                + "(Minato:PublicAlerts:MaxLifetime); update it before it expires / 有効期限が長すぎます");
        }

        if (errors.Count > 0 || level is null)
        {
            return new AlertValidation(null, errors.ToDictionary(x => x.Key, x => x.Value.ToArray(), StringComparer.Ordinal));
        }

        var draft = new AlertDraft(level, request.Status!, districts, polygon, polygon is null ? null : request.Area!.Polygon,
            headline!, description!, instruction, request.Expires?.ToUniversalTime(), chome);
        return new AlertValidation(draft, new Dictionary<string, string[]>(StringComparer.Ordinal));
    }

    /// <summary>1–<see cref="MaxChome"/> distinct KEY_CODEs of Minato (13103 and 4–6 digits), sorted; null and problems when not.</summary>
    private static List<string>? ChomeList(List<string> list, Action<string, string> add)
    {
        if (list.Count == 0 || list.Count > MaxChome)
        {
            add("area.chome", $"give 1–{MaxChome} 町丁目 KEY_CODEs");
            return null;
        }

        if (list.Any(k => k is null || k.Length is < 9 or > 11 || !k.StartsWith("13103", StringComparison.Ordinal)
                || !k.All(char.IsAsciiDigit)))
        {
            add("area.chome", "a KEY_CODE is 9–11 digits starting with 13103 (Minato), as in the chome layer");
            return null;
        }

        if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            add("area.chome", "a 町丁目 is listed twice");
            return null;
        }

        return list.Order(StringComparer.Ordinal).ToList();
    }

    private static bool SameLanguages(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.Keys.All(b.ContainsKey);

    private static Dictionary<string, string>? Texts(
        Dictionary<string, string>? texts, string field, int max, bool required, Action<string, string> add)
    {
        if (texts is null || texts.Count == 0)
        {
            if (required)
            {
                add(field, $"{field} is required in ja and en at least");
            }

            return null;
        }

        var ok = true;
        foreach (var (language, text) in texts)
        {
            if (!AlertLanguages.IsKnown(language))
            {
                add(field, $"unknown language '{language}': use ja, en, zh, ko or ja-easy");
                ok = false;
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                add(field, $"{field}.{language} is empty");
                ok = false;
            }
            else if (text.Length > max)
            {
                add(field, $"{field}.{language} is longer than {max} characters ({text.Length})");
                ok = false;
            }
            else if (TextInput.Problem(text, multiLine: field != "headline") is { } problem)
            {
                // The CAP writer (XML) cannot carry control characters: refused here, never at publication.
                add(field, $"{field}.{language} {problem}");
                ok = false;
            }
        }

        foreach (var language in AlertLanguages.Required)
        {
            if (!texts.ContainsKey(language))
            {
                add(field, $"{field}.{language} is required (Japanese and English at least)");
                ok = false;
            }
        }

        return ok ? texts.ToDictionary(t => t.Key, t => t.Value.Trim(), StringComparer.Ordinal) : null;
    }

    /// <summary>A GeoJSON Polygon (lon, lat) → an NTS polygon (SRID 6668), or null and the reason.</summary>
    internal static Polygon? ParsePolygon(JsonElement json, int maxVertices, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            error = "polygon must be a GeoJSON object with \"type\": \"Polygon\"";
            return null;
        }

        if (type.GetString() != "Polygon")
        {
            error = $"polygon must be a GeoJSON Polygon, not {type.GetString()}";
            return null;
        }

        if (!json.TryGetProperty("coordinates", out var rings) || rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            error = "polygon.coordinates must be an array of linear rings";
            return null;
        }

        var parsed = new List<LinearRing>();
        var vertices = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array)
            {
                error = "each ring must be an array of [lon, lat] positions";
                return null;
            }

            var coords = new List<Coordinate>();
            foreach (var position in ring.EnumerateArray())
            {
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                    || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                {
                    error = "each position must be [lon, lat] numbers";
                    return null;
                }

                var lon = position[0].GetDouble();
                var lat = position[1].GetDouble();
                if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"position [{lon}, {lat}] is not a longitude/latitude");
                    return null;
                }

                coords.Add(new Coordinate(lon, lat));
            }

            vertices += coords.Count;
            if (vertices > maxVertices)
            {
                error = $"polygon has more than {maxVertices} vertices";
                return null;
            }

            if (coords.Count < 4)
            {
                error = "a ring needs at least 4 positions (a closed triangle)";
                return null;
            }

            if (!coords[0].Equals2D(coords[^1]))
            {
                error = "a ring must be closed (first position = last position)";
                return null;
            }

            parsed.Add(Factory.CreateLinearRing([.. coords]));
        }

        var polygon = Factory.CreatePolygon(parsed[0], parsed.Skip(1).ToArray());
        var valid = new NetTopologySuite.Operation.Valid.IsValidOp(polygon);
        if (!valid.IsValid)
        {
            var at = valid.ValidationError.Coordinate is { } c
                ? string.Create(CultureInfo.InvariantCulture, $" at [{c.X}, {c.Y}]") : "";
            error = $"polygon is not valid: {valid.ValidationError.Message}{at}";
            return null;
        }

        return polygon;
    }
}
