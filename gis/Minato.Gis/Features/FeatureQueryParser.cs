using System.Globalization;
using Minato.Gis.Crs;
using Minato.Gis.Input;
using Minato.Gis.Layers;

namespace Minato.Gis.Features;

/// <summary>
/// Turns the query string of the OGC items and feature endpoints into a <see cref="FeatureQuery"/>, or a
/// <see cref="FeatureQueryError"/> for anything unknown, repeated or malformed. Pure and thread-safe.
/// </summary>
public static class FeatureQueryParser
{
    /// <summary>Parameters the items endpoint knows besides the layer's queryable properties.</summary>
    public static IReadOnlyList<string> ItemsParameters { get; } = ["f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime"];

    /// <summary>Parses the query of <c>/collections/{id}/items</c>.</summary>
    /// <param name="query">Every name/value pair of the query string in order (a repeated name appears twice).</param>
    public static ParseResult<FeatureQuery> ParseItems(
        LayerDefinition layer, IReadOnlyList<KeyValuePair<string, string?>> query, FeatureQueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var filters = new List<PropertyFilter>();
        var echo = new List<KeyValuePair<string, string>>();
        foreach (var (name, raw) in query)
        {
            var value = raw ?? "";
            if (CheckText(name, value) is { } textError)
            {
                return ParseResult<FeatureQuery>.Fail(textError);
            }

            if (!values.TryAdd(name, value))
            {
                return Fail(name, $"parameter '{name}' is given more than once");
            }

            if (name is not ("limit" or "offset"))
            {
                echo.Add(new(name, value));
            }

            if (ItemsParameters.Contains(name))
            {
                continue;
            }

            var property = layer.FindProperty(name);
            if (property is null)
            {
                return ParseResult<FeatureQuery>.Fail(new(name, FeatureQueryError.UnknownParameter,
                    $"unknown parameter '{name}'; this collection accepts {string.Join(", ", ItemsParameters)}"
                    + QueryablesSuffix(layer)));
            }

            if (!property.Queryable)
            {
                return Fail(name, $"property '{name}' is not queryable" + QueryablesSuffix(layer));
            }

            if (!TryNormalise(property.Type, value, out var normalised))
            {
                return Fail(name, $"'{value}' is not a valid {Describe(property.Type)} for property '{name}'");
            }

            if (!FitsStorage(property, normalised))
            {
                return Fail(name, $"'{value}' is outside the range of property '{name}' ({DescribeStorage(property.Storage)})");
            }

            filters.Add(new PropertyFilter(property, normalised));
        }

        if (CheckFormat(values, "geojson") is { } formatError)
        {
            return ParseResult<FeatureQuery>.Fail(formatError);
        }

        var limit = options.DefaultLimit;
        if (values.TryGetValue("limit", out var limitText))
        {
            if (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var requested)
                && limitText.Length > 0 && limitText.All(char.IsAsciiDigit))
            {
                requested = long.MaxValue; // too many digits for a long: still just "more than the maximum"
            }

            if (requested < 1)
            {
                return Fail("limit", $"limit must be a whole number from 1 (larger values are served as {options.MaxLimit})");
            }

            limit = (int)Math.Min(requested, options.MaxLimit);
        }

        limit = Math.Min(limit, options.MaxLimit);

        long offset = 0;
        if (values.TryGetValue("offset", out var offsetText)
            && !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return Fail("offset", "offset must be a whole number from 0");
        }

        var crs = CrsRegistry.Crs84;
        if (values.TryGetValue("crs", out var crsText) && !CrsRegistry.TryGet(crsText, out crs))
        {
            return Fail("crs", $"unsupported crs '{crsText}'; supported: {SupportedCrs()}");
        }

        BoundingBox? bbox = null;
        if (values.TryGetValue("bbox", out var bboxText))
        {
            var bboxCrs = CrsRegistry.Crs84;
            if (values.TryGetValue("bbox-crs", out var bboxCrsText) && !CrsRegistry.TryGet(bboxCrsText, out bboxCrs))
            {
                return Fail("bbox-crs", $"unsupported bbox-crs '{bboxCrsText}'; supported: {SupportedCrs()}");
            }

            var parsed = ParseBoundingBox(bboxText, bboxCrs);
            if (!parsed.Succeeded)
            {
                return ParseResult<FeatureQuery>.Fail(parsed.Error);
            }

            bbox = parsed.Value;
        }
        else if (values.ContainsKey("bbox-crs"))
        {
            return Fail("bbox-crs", "bbox-crs is only allowed together with bbox");
        }

        TemporalFilter? temporal = null;
        if (values.TryGetValue("datetime", out var datetimeText))
        {
            if (layer.TemporalColumn is null)
            {
                return Fail("datetime", $"collection '{layer.Id}' has no temporal property, so datetime cannot filter it");
            }

            var parsed = ParseDateTime(datetimeText);
            if (!parsed.Succeeded)
            {
                return ParseResult<FeatureQuery>.Fail(parsed.Error);
            }

            temporal = parsed.Value;
        }

        return ParseResult<FeatureQuery>.Ok(new FeatureQuery(layer, limit, offset, bbox, temporal, filters, crs, echo));
    }

    /// <summary>Parses the query of <c>/collections/{id}/items/{featureId}</c>: only <c>crs</c> and <c>f</c>.</summary>
    public static ParseResult<CrsDefinition> ParseFeature(IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in query)
        {
            if (CheckText(name, raw ?? "") is { } textError)
            {
                return ParseResult<CrsDefinition>.Fail(textError);
            }

            if (name is not ("crs" or "f"))
            {
                return ParseResult<CrsDefinition>.Fail(new(name, FeatureQueryError.UnknownParameter,
                    $"unknown parameter '{name}'; a feature accepts crs and f"));
            }

            if (!values.TryAdd(name, raw ?? ""))
            {
                return ParseResult<CrsDefinition>.Fail(FeatureQueryError.Invalid(name, $"parameter '{name}' is given more than once"));
            }
        }

        if (CheckFormat(values, "geojson") is { } formatError)
        {
            return ParseResult<CrsDefinition>.Fail(formatError);
        }

        if (values.TryGetValue("crs", out var crsText))
        {
            return CrsRegistry.TryGet(crsText, out var crs)
                ? ParseResult<CrsDefinition>.Ok(crs)
                : ParseResult<CrsDefinition>.Fail(FeatureQueryError.Invalid("crs",
                    $"unsupported crs '{crsText}'; supported: {SupportedCrs()}"));
        }

        return ParseResult<CrsDefinition>.Ok(CrsRegistry.Crs84);
    }

    /// <summary>
    /// Checks the <c>f</c> parameter of a JSON-only endpoint; null when it is absent or a JSON format.
    /// </summary>
    /// <param name="alternative">Another accepted name besides <c>json</c> (e.g. <c>geojson</c>), or null.</param>
    public static FeatureQueryError? CheckFormat(IReadOnlyDictionary<string, string> values, string? alternative = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!values.TryGetValue("f", out var format) || format == "json" || (alternative is not null && format == alternative))
        {
            return null;
        }

        var or = alternative is null ? "" : " or f=" + alternative;
        return FeatureQueryError.Invalid("f", $"unsupported format '{format}'; only f=json{or}");
    }

    /// <summary>Parses <c>minA,minB,maxA,maxB</c> in the axis order of <paramref name="crs"/>.</summary>
    public static ParseResult<BoundingBox> ParseBoundingBox(string text, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(crs);
        var parts = text.Split(',');
        if (parts.Length == 6)
        {
            return BoxFail("bbox has 6 numbers (3D); only 2D boxes minA,minB,maxA,maxB are supported");
        }

        if (parts.Length != 4)
        {
            return BoxFail($"bbox needs 4 comma-separated numbers, got {parts.Length}");
        }

        var n = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out n[i]) || !double.IsFinite(n[i]))
            {
                return BoxFail($"bbox value '{parts[i]}' is not a number");
            }
        }

        if (n[0] > n[2] || n[1] > n[3])
        {
            return BoxFail("bbox minimum is greater than its maximum (crossing the antimeridian is not supported)");
        }

        // Put the corners east-first; the query text follows the CRS's own axis order.
        var (minE, minN, maxE, maxN) = crs.NorthingFirst ? (n[1], n[0], n[3], n[2]) : (n[0], n[1], n[2], n[3]);
        if (crs.IsGeographic && (minE < -180 || maxE > 180 || minN < -90 || maxN > 90))
        {
            return BoxFail(crs.NorthingFirst
                ? "bbox is outside lat -90..90, lon -180..180 (this CRS is lat, lon order)"
                : "bbox is outside lon -180..180, lat -90..90");
        }

        var area = crs.AreaOfUse;
        if (minE < area.MinEast || maxE > area.MaxEast || minN < area.MinNorth || maxN > area.MaxNorth)
        {
            var bounds = string.Create(CultureInfo.InvariantCulture,
                $"east {area.MinEast}..{area.MaxEast}, north {area.MinNorth}..{area.MaxNorth}");
            return BoxFail($"bbox is outside the area of use of {crs.Title}: {bounds}");
        }

        return ParseResult<BoundingBox>.Ok(new BoundingBox(minE, minN, maxE, maxN, crs));

        static ParseResult<BoundingBox> BoxFail(string detail) => ParseResult<BoundingBox>.Fail(FeatureQueryError.Invalid("bbox", detail));
    }

    /// <summary>
    /// Parses an OGC <c>datetime</c>: an RFC 3339 date-time or date, or an interval <c>start/end</c> whose ends may be
    /// open (<c>..</c> or empty). Times without an offset are refused; a date means its whole UTC day.
    /// </summary>
    public static ParseResult<TemporalFilter> ParseDateTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 1)
        {
            if (!TryParseInstant(parts[0], out var start, out var end))
            {
                return TimeFail($"datetime '{text}' is not an RFC 3339 date-time (e.g. 2025-07-01T09:00:00Z) or date");
            }

            return ParseResult<TemporalFilter>.Ok(new TemporalFilter(start, end));
        }

        if (parts.Length != 2)
        {
            return TimeFail($"datetime '{text}' has more than one '/'");
        }

        DateTimeOffset? from = null, to = null;
        if (parts[0] is not (".." or ""))
        {
            if (!TryParseInstant(parts[0], out var s, out _))
            {
                return TimeFail($"interval start '{parts[0]}' is not an RFC 3339 date-time or date (use '..' for open)");
            }

            from = s;
        }

        if (parts[1] is not (".." or ""))
        {
            if (!TryParseInstant(parts[1], out _, out var e))
            {
                return TimeFail($"interval end '{parts[1]}' is not an RFC 3339 date-time or date (use '..' for open)");
            }

            to = e;
        }

        if (from > to)
        {
            return TimeFail("datetime interval starts after it ends");
        }

        return ParseResult<TemporalFilter>.Ok(new TemporalFilter(from, to));

        static ParseResult<TemporalFilter> TimeFail(string detail) =>
            ParseResult<TemporalFilter>.Fail(FeatureQueryError.Invalid("datetime", detail));
    }

    private static bool TryParseInstant(string text, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // PostgreSQL keeps microseconds: the last microsecond of the day is the inclusive end.
            end = start.AddDays(1).AddTicks(-10);
            return true;
        }

        // RFC 3339 requires 'T' (or 't'/' ') between date and time and an offset or Z.
        if (text.Length < 20 || text[10] is not ('T' or 't') || !(text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-'))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return false;
        }

        start = end = instant.ToUniversalTime();
        return true;
    }

    private static bool TryNormalise(PropertyType type, string value, out string normalised)
    {
        normalised = value;
        switch (type)
        {
            case PropertyType.String:
                return true;
            case PropertyType.Integer:
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    normalised = l.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                return false;
            case PropertyType.Number:
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    normalised = d.ToString("R", CultureInfo.InvariantCulture);
                    return true;
                }

                return false;
            case PropertyType.Boolean:
                if (value is "true" or "false")
                {
                    return true;
                }

                return false;
            case PropertyType.Date:
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    normalised = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    return true;
                }

                return false;
            case PropertyType.DateTime:
                if (TryParseInstant(value, out var instant, out var instantEnd) && instant == instantEnd)
                {
                    normalised = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The shared text rule (<see cref="TextInput"/>) for a parameter's name and value, as an OGC error.</summary>
    private static FeatureQueryError? CheckText(string name, string value)
    {
        if (TextInput.Problem(name) is { } nameProblem)
        {
            return new FeatureQueryError("(name)", FeatureQueryError.UnknownParameter, "a parameter name " + nameProblem);
        }

        return TextInput.Problem(value) is { } problem ? FeatureQueryError.Invalid(name, $"parameter '{name}' {problem}") : null;
    }

    /// <summary>Whether a normalised number fits the column's type (PostgreSQL would fail the whole query otherwise).</summary>
    private static bool FitsStorage(LayerProperty property, string normalised)
    {
        switch (property.Type, property.Storage)
        {
            case (PropertyType.Integer, NumberStorage.Int2):
                return short.TryParse(normalised, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case (PropertyType.Integer, NumberStorage.Int4):
                return int.TryParse(normalised, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case (PropertyType.Number, NumberStorage.Float4):
                var d = double.Parse(normalised, NumberStyles.Float, CultureInfo.InvariantCulture);
                var f = (float)d;
                return float.IsFinite(f) && (f != 0 || d == 0);
            default:
                return true;
        }
    }

    private static string DescribeStorage(NumberStorage storage) => storage switch
    {
        NumberStorage.Int2 => "a smallint: -32768 to 32767",
        NumberStorage.Int4 => "an integer: -2147483648 to 2147483647",
        NumberStorage.Float4 => "a real: magnitude 1.4e-45 to 3.4e38, or 0",
        _ => "a bigint",
    };

    private static string Describe(PropertyType type) => type switch
    {
        PropertyType.Integer => "integer",
        PropertyType.Number => "number",
        PropertyType.Boolean => "boolean (true or false)",
        PropertyType.Date => "date (YYYY-MM-DD)",
        PropertyType.DateTime => "RFC 3339 date-time",
        _ => "string",
    };

    private static string QueryablesSuffix(LayerDefinition layer)
    {
        var names = layer.Properties.Where(p => p.Queryable).Select(p => p.Name).ToArray();
        return names.Length == 0 ? "" : $"; queryable properties: {string.Join(", ", names)}";
    }

    private static string SupportedCrs() => string.Join(", ", CrsRegistry.All.Select(c => c.Uri));

    private static ParseResult<FeatureQuery> Fail(string parameter, string detail) =>
        ParseResult<FeatureQuery>.Fail(FeatureQueryError.Invalid(parameter, detail));
}
