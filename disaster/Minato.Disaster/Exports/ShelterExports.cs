using System.Globalization;
using System.Text;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.Exports;

/// <summary>One evacuation centre's state in the EEI vocabulary (keyed by 全国共通避難所・避難場所ID).</summary>
public sealed record EeiShelter(
    string CommonId, string Name, string OpeningStatus, int Evacuees, int Households, int Wheelchair, int Infants, int Pets,
    int Medical, string Supplies, DateTimeOffset? UpdatedAt);

/// <summary>
/// The national exports. (1) Shelter status in the EEI (Essential Elements of Information) vocabulary of the national
/// disaster information system (新総合防災情報システム, 避難所情報): 開設状況 (未開設 / 開設 / 閉鎖 / 不明 / 常設), 避難者数, 世帯数
/// and needs, keyed by the 全国共通避難所・避難場所ID (a GSI row's full 共通ID, its source id; else gis.facilities.common_id);
/// as JSON and as CSV (UTF-8 with BOM). (2) The 指定緊急避難場所 list in the layout of the
/// 自治体標準オープンデータセット (<see cref="OpenDataColumns"/>). Stateless, thread-safe.
/// </summary>
public sealed class ShelterExports(NpgsqlDataSource db)
{
    /// <summary>The columns of the EEI CSV, in order (the JSON uses the same keys).</summary>
    public static IReadOnlyList<string> EeiColumns { get; } =
    [
        "全国共通避難所・避難場所ID", "避難所名", "開設状況", "避難者数", "世帯数", "要配慮者_車いす", "要配慮者_乳幼児", "ペット",
        "要医療", "必要物資", "更新日時",
    ];

    /// <summary>
    /// The 39 items of 指定緊急避難場所一覧 in the 自治体標準オープンデータセット (デジタル庁, 正式版: 所在地 split into 連結表記 and its
    /// parts, 市区町村コード, 指定避難所との重複, 想定収容人数), in order. Checked against two independent public implementations of the
    /// item definition (ExportsApiTests cites them); 必須 items the ward's data lacks (電話番号) stay empty.
    /// </summary>
    public static IReadOnlyList<string> OpenDataColumns { get; } =
    [
        "全国地方公共団体コード", "ID", "名称", "名称_カナ", "名称_英字", "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記",
        "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)", "緯度", "経度", "標高", "電話番号", "内線番号",
        "連絡先メールアドレス", "連絡先FormURL", "連絡先備考（その他、SNSなど）", "郵便番号", "市区町村コード", "地方公共団体名",
        "災害種別_洪水", "災害種別_崖崩れ、土石流及び地滑り", "災害種別_高潮", "災害種別_地震", "災害種別_津波", "災害種別_大規模な火事",
        "災害種別_内水氾濫", "災害種別_火山現象", "指定避難所との重複", "想定収容人数", "対象となる町会・自治会", "URL", "画像", "画像_ライセンス",
        "備考",
    ];

    /// <summary>Every evacuation centre (facility kind shelter) in the EEI vocabulary, by id.</summary>
    public Task<IReadOnlyList<EeiShelter>> EeiAsync(CancellationToken cancellationToken = default) =>
        db.QueryAsync(
            """
            SELECT CASE WHEN f.source_id ~ '^E[0-9]{13}$' THEN f.source_id ELSE coalesce(f.common_id, f.source_id) END, f.name,
                   CASE WHEN s.facility_id IS NULL THEN '未開設' WHEN s.open THEN '開設' WHEN s.closed_at IS NOT NULL THEN '閉鎖'
                        WHEN s.opened_at IS NULL THEN '未開設' ELSE '不明' END,
                   coalesce(s.headcount, 0), coalesce(s.households, 0), coalesce(s.wheelchair, 0), coalesce(s.infants, 0),
                   coalesce(s.pets, 0), coalesce(s.medical, 0),
                   coalesce((SELECT string_agg(x->>'item' || ' ' || (x->>'quantity') || (x->>'unit'), '; ')
                             FROM jsonb_array_elements(s.supplies) x), ''),
                   s.updated_at
            FROM gis.facilities f LEFT JOIN ops.shelter_status s ON s.facility_id = f.id
            WHERE f.kind = 'shelter'
            ORDER BY f.id
            """, null,
            r => new EeiShelter(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10)),
            cancellationToken);

    /// <summary>The EEI CSV: a header of <see cref="EeiColumns"/> and a row per centre (UTF-8 with BOM, CRLF).</summary>
    public static byte[] EeiCsv(IReadOnlyList<EeiShelter> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Csv(EeiColumns, rows.Select(r => new[]
        {
            r.CommonId, r.Name, r.OpeningStatus, Text(r.Evacuees), Text(r.Households), Text(r.Wheelchair), Text(r.Infants),
            Text(r.Pets), Text(r.Medical), r.Supplies,
            r.UpdatedAt?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "",
        }));
    }

    /// <summary>The EEI document as JSON objects keyed by <see cref="EeiColumns"/>.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> EeiJson(IReadOnlyList<EeiShelter> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [EeiColumns[0]] = r.CommonId, [EeiColumns[1]] = r.Name, [EeiColumns[2]] = r.OpeningStatus, [EeiColumns[3]] = r.Evacuees,
            [EeiColumns[4]] = r.Households, [EeiColumns[5]] = r.Wheelchair, [EeiColumns[6]] = r.Infants, [EeiColumns[7]] = r.Pets,
            [EeiColumns[8]] = r.Medical, [EeiColumns[9]] = r.Supplies, [EeiColumns[10]] = r.UpdatedAt,
        }).ToList();
    }

    /// <summary>指定緊急避難場所一覧 (facility kind evacuation_site) in the open-data layout, UTF-8 with BOM.</summary>
    public async Task<byte[]> EvacuationSitesCsvAsync(ExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = await db.QueryAsync(
            """
            SELECT CASE WHEN f.source_id ~ '^E[0-9]{13}$' THEN f.source_id ELSE coalesce(f.common_id, f.source_id) END, f.name,
                   coalesce(f.address, ''), ST_Y(f.geom), ST_X(f.geom),
                   f.suits_flood, f.suits_landslide, f.suits_storm_surge, f.suits_earthquake, f.suits_tsunami, f.suits_fire,
                   f.suits_inland_flood, f.suits_volcano, f.capacity,
                   EXISTS (SELECT 1 FROM gis.facilities s WHERE s.kind = 'shelter'
                           AND ((s.address IS NOT NULL AND s.address = f.address)
                                OR s.common_id = f.common_id)),
                   coalesce(f.note, '')
            FROM gis.facilities f WHERE f.kind = 'evacuation_site' ORDER BY f.id
            """, null, r =>
            {
                var address = r.GetString(2);
                var (prefecture, city) = options.PrefectureAndCity;
                string[] row =
                [
                    options.MunicipalityCode, r.GetString(0), r.GetString(1), "", "", options.MunicipalityCode, "", address,
                    address.StartsWith(prefecture + city, StringComparison.Ordinal) ? prefecture : "",
                    address.StartsWith(prefecture + city, StringComparison.Ordinal) ? city : "", "", "", "",
                    Degrees(r.GetDouble(3)), Degrees(r.GetDouble(4)), "", "", "", "", "", "", "", options.MunicipalityCode,
                    options.MunicipalityName,
                    .. Enumerable.Range(5, 8).Select(i => r.GetBoolean(i) ? "1" : ""),
                    r.GetBoolean(14) ? "1" : "", r.IsDBNull(13) ? "" : Text(r.GetInt32(13)), "", "", "", "", r.GetString(15),
                ];
                return row;
            }, cancellationToken);
        return Csv(OpenDataColumns, rows);
    }

    private static byte[] Csv(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', header.Select(Quote))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Degrees(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
