using System.Text.Json;

namespace Minato.Gis.Import;

/// <summary>Reads a GeoJSON file into features; a syntax error is fatal (with line and column), a bad feature is not.</summary>
internal static class GeoJsonFile
{
    private static readonly string[] AcceptedCrs = ["CRS84", "4326", "6668", "4612", "4019"];

    /// <summary>Parsed features, or a fatal error, plus notes (e.g. the GSI split files' "unavailable" marker).</summary>
    internal sealed record Content(IReadOnlyList<GeoJsonFeature> Features, string? FatalError, IReadOnlyList<string> Notes);

    /// <summary>A <see cref="ParsedFile{T}"/> started from <paramref name="content"/>: its fatal error and notes carried over.</summary>
    public static ParsedFile<T> Start<T>(Content content, string format = "geojson")
    {
        var parsed = new ParsedFile<T>(format) { FatalError = content.FatalError };
        parsed.Notes.AddRange(content.Notes);
        return parsed;
    }

    /// <summary>Each feature counted as read; those whose geometry could not be read become errors, the others are yielded.</summary>
    public static IEnumerable<(GeoJsonFeature Feature, RecordRef Where)> WithGeometry<T>(this ParsedFile<T> parsed,
        IReadOnlyList<GeoJsonFeature> features)
    {
        foreach (var f in features)
        {
            parsed.Read++;
            var where = new RecordRef("feature", f.Number);
            if (f.GeometryError is not null)
            {
                parsed.Errors.Add(where.Error(f.GeometryError));
                continue;
            }

            yield return (f, where);
        }
    }

    public static Content Read(string path)
    {
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return new([], $"malformed JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", []);
        }
        catch (IOException e)
        {
            return new([], $"cannot read {path}: {e.Message}", []);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            {
                return new([], "not GeoJSON: the root must be an object with a \"type\"", []);
            }

            if (root.TryGetProperty("crs", out var crs) && CrsName(crs) is { } name && !AcceptedCrs.Any(a => name.Contains(a,
                StringComparison.Ordinal)))
            {
                return new([], $"unsupported crs '{name}': give lon/lat in WGS84/JGD2011 (EPSG:4326 or 6668)", []);
            }

            switch (t.GetString())
            {
                case "FeatureCollection":
                    if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                    {
                        return new([], "FeatureCollection has no \"features\" array", []);
                    }

                    var list = new List<GeoJsonFeature>(features.GetArrayLength());
                    var n = 0;
                    foreach (var f in features.EnumerateArray())
                    {
                        list.Add(ReadFeature(f, ++n));
                    }

                    return new(list, null, list.Count == 0 ? ["the file holds no features"] : []);
                case "Feature":
                    return new([ReadFeature(root, 1)], null, []);
                case "unavailable":
                    // The GSI split files mark municipalities that publish no data this way (e.g. Shibuya's emergency sites).
                    var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
                    return new([], null, [$"the file says no data is published{(message is null ? "" : ": " + message)}"]);
                default:
                    try
                    {
                        var g = GeoJsonGeometryReader.Read(root);
                        return new([new GeoJsonFeature(1, null, default, g, null)], null, []);
                    }
                    catch (FormatException e)
                    {
                        return new([], $"not GeoJSON: {e.Message}", []);
                    }
            }
        }
    }

    private static GeoJsonFeature ReadFeature(JsonElement f, int number)
    {
        if (f.ValueKind != JsonValueKind.Object)
        {
            return new GeoJsonFeature(number, null, default, null, "feature is not an object");
        }

        var props = f.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : default;
        var id = GeoJsonFeature.IdOf(f);
        if (!f.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
        {
            return new GeoJsonFeature(number, id, props, null, "feature has no geometry");
        }

        try
        {
            return new GeoJsonFeature(number, id, props, GeoJsonGeometryReader.Read(g), null);
        }
        catch (FormatException e)
        {
            return new GeoJsonFeature(number, id, props, null, "malformed geometry: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            return new GeoJsonFeature(number, id, props, null, "malformed geometry: " + e.Message);
        }
    }

    private static string? CrsName(JsonElement crs) =>
        crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()
            : null;

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var i = message.IndexOf(marker, StringComparison.Ordinal);
            if (i > 0)
            {
                message = message[..i];
            }
        }

        return message;
    }
}
