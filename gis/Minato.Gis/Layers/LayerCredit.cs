namespace Minato.Gis.Layers;

/// <summary>
/// Where a layer's data comes from and under which licence: the credit its source requires (shown in TileJSON
/// <c>attribution</c>, the OGC collection's <c>attribution</c> and the map footer) and the licence's title and URL
/// (the collection's <c>license</c> link).
/// </summary>
public sealed record LayerCredit(string Attribution, string LicenseTitle, string LicenseUrl)
{
    /// <summary>国土数値情報 行政区域 (N03), as redistributed by geolonia/japanese-admins.</summary>
    public static LayerCredit Boundary { get; } = new("「国土数値情報（行政区域データ）」（国土交通省）を加工して作成",
        "国土数値情報 利用約款 (CC BY 4.0 compatible)", "https://nlftp.mlit.go.jp/ksj/other/agreement.html");

    /// <summary>GSI 指定緊急避難場所・指定避難所, with 東京都防災マップ's accessibility columns joined in.</summary>
    public static LayerCredit Evacuation { get; } = new(
        "出典：国土地理院 指定緊急避難場所・指定避難所データ（各市町村から提供）; バリアフリー情報：東京都防災マップ（東京都オープンデータ, CC BY 4.0）",
        "国土地理院コンテンツ利用規約 (CC BY 4.0 compatible); CC BY 4.0", "https://www.gsi.go.jp/kikakuchousei/kikakuchousei40182.html");

    /// <summary>e-Stat 国勢調査 2020 小地域 (町丁目) and the districts built from them.</summary>
    public static LayerCredit Chome { get; } = new("出典：政府統計の総合窓口(e-Stat)、国勢調査 令和2年 小地域境界データ を加工して作成",
        "政府標準利用規約（第2.0版） (CC BY 4.0 compatible)", "https://www.e-stat.go.jp/terms-of-use");

    /// <summary>東京都水道局 給水拠点 (Tokyo open data).</summary>
    public static LayerCredit WaterPoints { get; } = new("給水拠点一覧（東京都水道局, 東京都オープンデータカタログサイト）",
        "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.ja");

    /// <summary>The project's own made-up data for layers with no open data here.</summary>
    /// <summary>都立一時滞在施設 (Tokyo open data).</summary>
    public static LayerCredit StayFacilities { get; } = new("都立一時滞在施設一覧（東京都総務局総合防災部, 東京都オープンデータカタログサイト）",
        "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.ja");

    public static LayerCredit Demo { get; } = new("DEMO / 架空データ (Minato.Gis demo dataset, not official)",
        "Minato.Gis demo data (made up; no real-world meaning)", "https://example.invalid/minato-gis/demo-data");
}
