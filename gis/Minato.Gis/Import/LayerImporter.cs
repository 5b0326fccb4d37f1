using Npgsql;

namespace Minato.Gis.Import;

/// <summary>
/// Imports a file into a layer: detects the format from the content, validates every record (rejected records are
/// reported with their row or feature number and never written), drops later duplicates of a key, and writes all
/// good records in one transaction (idempotent upsert on the table's unique key). Thread-safe; one instance per process.
/// </summary>
public sealed class LayerImporter(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Layer names accepted by <see cref="ImportAsync"/>, with the formats each takes.</summary>
    public static IReadOnlyList<(string Layer, string Formats)> Layers { get; } =
    [
        ("boundary", "GeoJSON Polygon/MultiPolygon; parts are unioned (geolonia / N03 files); only Minato (13103) is kept"),
        ("chome", "e-Stat 小地域 (国勢調査) GeoJSON or shapefile (.shp): KEY_CODE, S_NAME, JINKO, SETAI; rebuilds the districts"),
        ("districts", "GeoJSON with id shiba|azabu|akasaka|takanawa|shibaura-konan (or the Japanese/English name)"),
        ("roads", "OSM XML (.osm) or GeoJSON LineString"),
        ("evacuation-sites", "GSI 指定緊急避難場所 GeoJSON/CSV, or GeoJSON/CSV with the project's columns"),
        ("shelters", "GSI 指定避難所 GeoJSON/CSV, or GeoJSON/CSV with the project's columns"),
        ("water-points", "GeoJSON/CSV points with name (東京都水道局 給水拠点: 施設名, 所在地, 番号, 種別, 確保水量)"),
        ("accessibility", "東京都防災マップ 避難所・避難場所 GeoJSON: accessibility of the stored sites and shelters it matches"),
        ("aeds", "GeoJSON/CSV points with name"),
        ("loudspeakers", "GeoJSON/CSV points with name"),
        ("stay-facilities", "一時滞在施設: 東京都 都立一時滞在施設 GeoJSON/CSV (番号, 施設名称, 所在地) or the project's columns"),
        ("hazard-areas", "GeoJSON Polygon/MultiPolygon with kind and rank"),
        ("borings", "ボーリング交換用データ XML (file or folder), the project's borings CSV, or GeoJSON points with layers"),
        ("gsi-emergency", "alias: GSI 指定緊急避難場所 → evacuation-sites"),
        ("gsi-evacuation", "alias: GSI 指定避難所 → shelters"),
        ("gsi", "either GSI list, detected from its columns"),
    ];

    public async Task<ImportResult> ImportAsync(string layer, string path, ImportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options = (options ?? new ImportOptions()) with { FallbackSource = Path.GetFileNameWithoutExtension(path.TrimEnd('/')) };
        if (!File.Exists(path) && !(layer == "borings" && Directory.Exists(path)))
        {
            return ImportResult.Fatal(layer, "?", $"file not found: {path}");
        }

        var sniff = Directory.Exists(path) || path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) ? '<' : Sniff(path);
        var today = options.ValidFrom ?? DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        if (layer == "gsi")
        {
            layer = GsiLayer(path, sniff) ?? layer;
            if (layer == "gsi" && sniff == '{' && GeoJsonFile.Read(path) is { FatalError: null, Features.Count: 0 } empty)
            {
                // Nothing to detect from (e.g. the split files' "unavailable" marker): report, do not fail.
                return new ImportResult { Layer = "gsi", Format = "geojson", Notes = empty.Notes };
            }

            if (layer == "gsi")
            {
                return ImportResult.Fatal("gsi", sniff == '{' ? "geojson" : "csv",
                    "not a GSI list: expected the columns 共通ID, 施設・場所名 and either the hazard columns (指定緊急避難場所) or 受入対象者 (指定避難所)");
            }
        }

        layer = layer switch
        {
            "gsi-emergency" => "evacuation-sites",
            "gsi-evacuation" => "shelters",
            _ => layer,
        };

        switch (layer)
        {
            case "boundary":
                return await WriteAsync(layer, AreaReader.Boundary(path, options), r => r.Id, (c, rows,
                    ct) => ImportWriter.WriteAreasAsync(c, "boundary", rows, ct), cancellationToken);
            case "districts":
                return await WriteAsync(layer, AreaReader.Districts(path, options), r => r.Id, (c, rows,
                    ct) => ImportWriter.WriteAreasAsync(c, "districts", rows, ct), cancellationToken);
            case "chome":
                var chome = path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)
                    ? ChomeReader.FromShapefile(path, options)
                    : ChomeReader.FromGeoJson(path, options);
                return await WriteAsync(layer, chome, r => r.KeyCode, ImportWriter.WriteChomeAsync, cancellationToken);
            case "roads":
                var roads = sniff == '<' ? OsmRoadReader.Read(path, options) : RoadReader.FromGeoJson(path, options);
                return await WriteAsync(layer, roads, r => $"{r.Source}\n{r.SourceId}", ImportWriter.WriteRoadsAsync, cancellationToken);
            case "evacuation-sites" or "shelters" or "aeds" or "loudspeakers" or "water-points" or "stay-facilities":
                var kind = layer switch
                {
                    "evacuation-sites" => "evacuation_site",
                    "shelters" => "shelter",
                    "aeds" => "aed",
                    "stay-facilities" => "stay_facility",
                    "water-points" => "water_point",
                    _ => "loudspeaker",
                };
                var facilities = sniff is '{' or '[' ? FacilityReader.FromGeoJson(path, kind, options) : FacilityReader.FromCsv(path, kind,
                    options);
                return await WriteAsync(layer, facilities, r => $"{r.Source}\n{r.SourceId}", ImportWriter.WriteFacilitiesAsync,
                    cancellationToken);
            case "accessibility":
                return await WriteAsync(layer, AccessibilityReader.FromGeoJson(path), r => r.Ref.ToString(),
                    ImportWriter.WriteAccessibilityAsync, cancellationToken);
            case "hazard-areas":
                return await WriteAsync(layer, HazardAreaReader.FromGeoJson(path, options, today), r => $"{r.Source}\n{r.SourceId}",
                    ImportWriter.WriteHazardAreasAsync, cancellationToken);
            case "borings":
                var borings = sniff switch
                {
                    '<' => BoringXmlReader.Read(path, options),
                    '{' => BoringGeoJsonReader.Read(path, options),
                    _ => BoringCsvReader.Read(path, options),
                };
                return await WriteAsync(layer, borings, r => $"{r.Source}\n{r.SourceId}", ImportWriter.WriteBoringsAsync,
                    cancellationToken);
            default:
                return ImportResult.Fatal(layer, "?", $"unknown layer '{layer}' (one of {string.Join(", ", Layers.Select(l => l.Layer))})");
        }
    }

    private async Task<ImportResult> WriteAsync<T>(
        string layer, ParsedFile<T> parsed, Func<T, string> key,
        Func<NpgsqlConnection, IReadOnlyList<T>, CancellationToken, Task<ImportWriter.Counts>> write, CancellationToken cancellationToken)
        where T : class
    {
        if (parsed.FatalError is not null)
        {
            return ImportResult.Fatal(layer, parsed.Format, parsed.FatalError, parsed.Errors);
        }

        // A key twice in one file is an error in the file: keep the first, report the others.
        var seen = new Dictionary<string, RecordRef>(StringComparer.Ordinal);
        var rows = new List<T>(parsed.Rows.Count);
        foreach (var row in parsed.Rows)
        {
            var where = RefOf(row);
            if (seen.TryGetValue(key(row), out var first))
            {
                if (first != where)
                {
                    var id = key(row)[(key(row).LastIndexOf('\n') + 1)..];
                    parsed.Errors.Add(where.Error($"duplicate id '{id}' (first at {first}): not imported"));
                }

                continue;
            }

            seen[key(row)] = where;
            rows.Add(row);
        }

        var errors = parsed.Errors.OrderBy(e => e.Unit == "file" ? -1 : e.Number).ToList();
        ImportWriter.Counts counts = default;
        if (rows.Count > 0)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var tx = await conn.BeginTransactionAsync(cancellationToken);
                counts = await write(conn, rows, cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            catch (NpgsqlException e)
            {
                var message = e is PostgresException pg ? $"{pg.MessageText}{(pg.Detail is null ? "" : " — " + pg.Detail)}" : e.Message;
                return ImportResult.Fatal(layer, parsed.Format, $"database error, nothing was stored: {message}", errors) with
                {
                    Read = parsed.Read,
                    Skipped = parsed.Skipped,
                    Notes = parsed.Notes,
                };
            }
        }

        return new ImportResult
        {
            Layer = layer,
            Format = parsed.Format,
            Read = parsed.Read,
            Inserted = counts.Inserted,
            Updated = counts.Updated,
            Unchanged = counts.Unchanged,
            Skipped = parsed.Skipped + counts.Skipped,
            Errors = errors,
            Notes = [.. parsed.Notes, .. counts.Notes ?? []],
        };
    }

    private static RecordRef RefOf(object row) => row switch
    {
        FacilityRow r => r.Ref,
        RoadRow r => r.Ref,
        HazardAreaRow r => r.Ref,
        BoringRow r => r.Ref,
        AreaRow r => r.Ref,
        AccessibilityRow r => r.Ref,
        ChomeRow r => r.Ref,
        _ => default,
    };

    private static string? GsiLayer(string path, char sniff)
    {
        string? kind;
        if (sniff is '{' or '[')
        {
            var content = GeoJsonFile.Read(path);
            var f = content.Features.FirstOrDefault();
            kind = f is null ? null : FacilityReader.GsiKind(f.Has);
        }
        else
        {
            try
            {
                kind = FacilityReader.GsiKind(CsvTable.Read(path).Has);
            }
            catch (FormatException)
            {
                kind = null;
            }
        }

        return kind switch
        {
            "emergency" => "evacuation-sites",
            "evacuation" => "shelters",
            _ => null,
        };
    }

    /// <summary>The first significant character: '{' or '[' JSON, '&lt;' XML, anything else CSV.</summary>
    private static char Sniff(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> buffer = stackalloc byte[512];
        var n = stream.Read(buffer);
        var start = n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        for (var i = start; i < n; i++)
        {
            var b = (char)buffer[i];
            if (!char.IsWhiteSpace(b))
            {
                return b;
            }
        }

        return '\0';
    }
}
