using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// Facilities (evacuation sites, shelters, AEDs, loudspeakers, water points) from GeoJSON or CSV, in the GSI national
/// format (detected by the 共通ID and 施設・場所名 columns) or the project's own property names (Tokyo's open-data
/// column names are accepted too: 施設名, 所在地, 番号, and for 給水拠点 種別 and 確保水量).
/// </summary>
internal static class FacilityReader
{
    /// <summary>The eight hazard columns of the GSI 指定緊急避難場所 data, in the order of the suits_* columns.</summary>
    public static readonly string[] GsiHazards = ["洪水", "崖崩れ、土石流及び地滑り", "高潮", "地震", "津波", "大規模な火事", "内水氾濫", "火山現象"];

    public static readonly string[] SuitsColumns =
    [
        "suits_flood", "suits_landslide", "suits_storm_surge", "suits_earthquake",
        "suits_tsunami", "suits_fire", "suits_inland_flood", "suits_volcano",
    ];

    /// <summary>
    /// The facility part of a GSI 共通ID: <c>E</c>, the 5-digit municipality code and the 5-digit facility number
    /// (<c>E1310300001</c>). What follows is the list (1 = 指定避難所, 2 = 指定緊急避難場所) and a 2-digit entry number
    /// (Minato numbers 指定福祉避難所 from 21), so 南山小学校 is <c>E1310300001111</c> as a shelter and <c>E1310300001201</c>
    /// as an emergency site. Null when the id does not have that shape.
    /// </summary>
    public static string? CommonFacilityId(string? commonId) =>
        commonId is { Length: 14 } && commonId[0] == 'E' && !commonId.AsSpan(1).ContainsAnyExceptInRange('0', '9')
            ? commonId[..11]
            : null;

    /// <summary>Which GSI list a record set is: emergency (指定緊急避難場所), evacuation (指定避難所) or neither.</summary>
    public static string? GsiKind(Func<string, bool> has)
    {
        if (!has("共通ID") || !has("施設・場所名"))
        {
            return null;
        }

        if (GsiHazards.Count(has) >= 4)
        {
            return "emergency";
        }

        return has("受入対象者") || has("指定緊急避難場所との住所同一") ? "evacuation" : null;
    }

    public static ParsedFile<FacilityRow> FromGeoJson(string path, string kind, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var gsi = content.Features.Count > 0 && content.Features.Take(5).Any(f => GsiKind(f.Has) is not null)
            ? GsiKind(content.Features.First(f => GsiKind(f.Has) is not null).Has)
            : null;
        var parsed = GeoJsonFile.Start<FacilityRow>(content, gsi is null ? "geojson" : $"gsi-{gsi}-geojson");
        if (parsed.FatalError is not null || !CheckGsiKind(parsed, gsi, kind))
        {
            return parsed;
        }

        foreach (var (f, where) in parsed.WithGeometry(content.Features))
        {
            var point = f.Geometry as Point ?? (f.Geometry is MultiPoint { NumGeometries: 1 } mp ? (Point)mp.GetGeometryN(0) : null);
            if (point is null)
            {
                parsed.Errors.Add(where.Error($"geometry must be a Point, not {f.Geometry!.GeometryType}"));
                continue;
            }

            Add(parsed, where, f, f.Id, point, kind, gsi is not null, options);
        }

        return parsed;
    }

    public static ParsedFile<FacilityRow> FromCsv(string path, string kind, ImportOptions options)
    {
        CsvTable table;
        try
        {
            table = CsvTable.Read(path);
        }
        catch (FormatException e)
        {
            return new ParsedFile<FacilityRow>("csv") { FatalError = "malformed CSV: " + e.Message };
        }

        var gsi = GsiKind(table.Has);
        var parsed = new ParsedFile<FacilityRow>($"{(gsi is null ? "csv" : $"gsi-{gsi}-csv")} ({table.Encoding})");
        if (!CheckGsiKind(parsed, gsi, kind))
        {
            return parsed;
        }

        string[] lonNames = ["経度", "lon", "longitude", "lng", "x"];
        string[] latNames = ["緯度", "lat", "latitude", "y"];
        if (!lonNames.Any(table.Has) || !latNames.Any(table.Has))
        {
            parsed.FatalError = "the CSV needs longitude and latitude columns (経度/緯度 or lon/lat); header: " + string.Join(",",
                table.Header);
            return parsed;
        }

        foreach (var row in table.Rows)
        {
            parsed.Read++;
            var where = new RecordRef("row", row.Number);
            var fields = new Fields(row);
            var lon = fields.RequiredNumber(lonNames);
            var lat = fields.RequiredNumber(latNames);
            if (lon is null || lat is null)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            Add(parsed, where, row, null, GeometryChecks.Factory.CreatePoint(new Coordinate(lon.Value, lat.Value)), kind, gsi is not null,
                options);
        }

        return parsed;
    }

    private static bool CheckGsiKind(ParsedFile<FacilityRow> parsed, string? gsi, string kind)
    {
        var expected = kind switch
        {
            "evacuation_site" => "emergency",
            "shelter" => "evacuation",
            _ => null,
        };
        if (gsi is null || gsi == expected)
        {
            return true;
        }

        parsed.FatalError = gsi == "emergency"
            ? "this is a GSI 指定緊急避難場所 list (hazard columns): import it into evacuation-sites (or use layer 'gsi')"
            : "this is a GSI 指定避難所 list (受入対象者 column): import it into shelters (or use layer 'gsi')";
        return false;
    }

    private static void Add(
        ParsedFile<FacilityRow> parsed, RecordRef where, IImportRecord record, string? featureId, Point point, string kind, bool gsi,
            ImportOptions options)
    {
        var fields = new Fields(record);
        string? sourceId, name, address, note, commonId;
        int? capacity = null;
        bool welfare;
        bool? isOpen = null;
        var suits = new bool[8];
        string source;
        if (gsi)
        {
            source = options.Source ?? "gsi";
            sourceId = fields.RequiredText("共通ID");
            commonId = CommonFacilityId(sourceId);
            name = fields.RequiredText("施設・場所名");
            address = fields.Text("住所");
            for (var i = 0; i < 8; i++)
            {
                suits[i] = fields.Bool(GsiHazards[i]) ?? false;
            }

            // 受入対象者 is filled in only for 指定福祉避難所 (要支援者, 高齢者, 障害者 …).
            var target = fields.Text("受入対象者");
            welfare = target is not null;
            var remarks = fields.Text("備考");
            note = target is null ? remarks : remarks is null ? $"受入対象者: {target}" : $"受入対象者: {target}; {remarks}";
        }
        else
        {
            source = options.Source ?? fields.Text("source") ?? options.FallbackSource;
            // 番号: the key of the Tokyo Metropolitan lists (都立一時滞在施設一覧), which have no id of their own.
            sourceId = fields.Text("source_id", "id", "共通ID", "番号") ?? featureId;
            if (sourceId is null)
            {
                parsed.Errors.Add(where.Error("missing id: give the feature an \"id\" or a 'source_id' property (the key that makes "
                    + "re-imports update)"));
                return;
            }

            name = fields.RequiredText("name", "名称", "施設・場所名", "施設名", "施設名称");
            address = fields.Text("address", "住所", "所在地");
            capacity = fields.Integer("capacity", "収容人数", "想定収容人数");
            fields.Check(capacity is null or >= 0, "capacity must be ≥ 0");
            welfare = fields.Bool("welfare_shelter", "福祉避難所") ?? false;
            isOpen = fields.Bool("is_open");
            for (var i = 0; i < 8; i++)
            {
                suits[i] = fields.Bool(SuitsColumns[i], GsiHazards[i]) ?? false;
            }

            commonId = fields.Text("common_id");
            note = WaterNote(fields) ?? fields.Text("note", "備考");
        }

        var geometryProblem = GeometryChecks.Check(point);
        if (geometryProblem is not null)
        {
            fields.Problems.Add(geometryProblem);
        }

        if (fields.HasProblems)
        {
            parsed.Errors.Add(where.Error(fields.Describe()));
            return;
        }

        parsed.Rows.Add(new FacilityRow(where, kind, source, sourceId!, name!, address, capacity, welfare, suits, isOpen, note,
            (Point)point.Copy(), commonId));
    }

    /// <summary>東京都水道局 給水拠点: the kind (種別) and the water held (確保水量, m³) make the note; its 備考 only repeats the
    /// address.</summary>
    private static string? WaterNote(Fields fields)
    {
        var volume = fields.Text("確保水量（立方メートル）");
        if (volume is null)
        {
            return null;
        }

        var type = fields.Text("種別");
        return type is null ? $"確保水量 {volume} m³" : $"{type}; 確保水量 {volume} m³";
    }
}
