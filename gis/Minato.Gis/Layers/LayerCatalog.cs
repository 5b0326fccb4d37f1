using System.Collections.Frozen;

namespace Minato.Gis.Layers;

/// <summary>The published layers, by collection id. Immutable and thread-safe.</summary>
/// <remarks>Modules that own other layers (sensor stations) add their definitions when the host composes the catalog.</remarks>
public sealed class LayerCatalog
{
    private readonly FrozenDictionary<string, LayerDefinition> _byId;

    public LayerCatalog(IEnumerable<LayerDefinition> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        All = layers.ToArray();
        _byId = All.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<LayerDefinition> All { get; }

    public LayerDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The spatial core's layers (schema <c>gis</c>).</summary>
    public static IReadOnlyList<LayerDefinition> Core { get; } = BuildCore();

    private static LayerDefinition[] BuildCore()
    {
        LayerProperty S(string name, bool queryable = true, bool inTiles = true) => new(name, name, PropertyType.String, queryable,
            inTiles);
        LayerProperty B(string name) => new(name, name, PropertyType.Boolean);
        LayerProperty I(string name, NumberStorage storage) => new(name, name, PropertyType.Integer, Storage: storage);
        LayerProperty N(string name) => new(name, name, PropertyType.Number, Storage: NumberStorage.Float4); // every number column is real

        LayerProperty[] area = [S("name_ja"), S("name_en"), S("source", inTiles: false)];
        LayerProperty[] suitability =
        [
            B("suits_flood"), B("suits_landslide"), B("suits_storm_surge"), B("suits_earthquake"),
            B("suits_tsunami"), B("suits_fire"), B("suits_inland_flood"), B("suits_volcano"),
        ];
        LayerProperty[] facility =
        [
            S("name"), S("address", inTiles: false), I("capacity", NumberStorage.Int4), B("welfare_shelter"), B("is_open"),
            S("source", inTiles: false),
        ];
        // 東京都防災マップ's accessibility answers (null where no 防災マップ record matched) and the GSI 共通ID facility part.
        LayerProperty[] access =
        [
            S("common_id", inTiles: false), B("elevator_or_ground_floor"), B("slope"), B("tactile_paving"), B("accessible_toilet"),
            S("accessibility_note", inTiles: false),
        ];
        var updated = new LayerProperty("updated_at", "updated_at", PropertyType.DateTime, Queryable: false, InTiles: false);

        LayerDefinition Facility(string id, string kind, string ja, string en, string description, bool withSuitability,
            LayerCredit credit) => new(
            id, ja, en, description, "gis", "facilities", $"kind = '{kind}'", "Point",
            [.. facility, .. withSuitability ? [.. suitability, .. access] : Array.Empty<LayerProperty>(), updated], "updated_at",
            "facilities", MinZoom: 12, Credit: credit);

        return
        [
            new("boundary", "港区の区域", "Minato City boundary", "Ward boundary (国土数値情報 N03, full resolution).",
                "gis", "boundary", null, "MultiPolygon", area, null, "boundary", MinZoom: 0, Credit: LayerCredit.Boundary),
            new("districts", "地区", "Districts", "The five district HQ areas: Shiba, Azabu, Akasaka, Takanawa, Shibaura-Konan.",
                "gis", "districts", null, "MultiPolygon", area, null, "districts", MinZoom: 0, Credit: LayerCredit.Chome),
            new("chome", "町丁目", "Chome (census small areas)",
                "Minato's 町丁目 with residents (population) and households, 国勢調査 2020 (e-Stat), and the district each belongs "
                    + "to. 出典：政府統計の総合窓口(e-Stat)、国勢調査 令和2年 小地域境界データ を加工して作成.",
                "gis", "chome", null, "MultiPolygon",
                [S("key_code"), S("name"), I("population", NumberStorage.Int4), I("households", NumberStorage.Int4), S("district"),
                    S("source", inTiles: false), updated],
                "updated_at", "chome", IdColumn: "key_code", MinZoom: 10, Credit: LayerCredit.Chome),
            new("roads", "道路", "Roads", "Road centrelines with class, width, one-way and 緊急輸送道路 (emergency transport road) flags.",
                "gis", "roads", null, "LineString",
                [S("name"), S("road_class"), N("width_m"), B("oneway"), B("emergency_route"), B("blocked"), S("source", inTiles: false),
                    updated],
                "updated_at", "roads", MinZoom: 12, Credit: LayerCredit.Demo),
            Facility("evacuation-sites", "evacuation_site", "指定緊急避難場所", "Designated emergency evacuation sites",
                "指定緊急避難場所 with the eight hazard-suitability flags of the national (GSI) dataset and the accessibility of "
                    + "東京都防災マップ.", withSuitability: true, LayerCredit.Evacuation),
            Facility("shelters", "shelter", "指定避難所", "Designated evacuation shelters",
                "指定避難所; welfare_shelter marks 福祉避難所 (受入対象者 要支援者); a shelter that is also a 指定緊急避難場所 (same 共通ID "
                    + "facility) carries its hazard flags; accessibility of 東京都防災マップ.", withSuitability: true, LayerCredit.Evacuation),
            Facility("water-points", "water_point", "給水拠点", "Emergency water supply points",
                "給水拠点 of the Tokyo Metropolitan Waterworks (note: kind and water held in m³).", withSuitability: false,
                LayerCredit.WaterPoints),
            Facility("aeds", "aed", "AED", "AEDs", "Automated external defibrillators (demo data).", withSuitability: false,
                LayerCredit.Demo),
            Facility("loudspeakers", "loudspeaker", "防災行政無線屋外拡声子局", "Outdoor loudspeakers",
                "Outdoor loudspeakers of the disaster radio system (demo data).", withSuitability: false, LayerCredit.Demo),
            Facility("stay-facilities", "stay_facility", "一時滞在施設", "Temporary-stay facilities",
                "一時滞在施設 for stranded commuters (帰宅困難者): 都立 and the ward's / private ones; live status at /api/stay-facilities.",
                withSuitability: false, LayerCredit.StayFacilities),
            new("hazard-areas", "災害想定区域", "Hazard areas",
                "Flood, inland flood, storm surge, tsunami, landslide and liquefaction areas; rank is the depth rank or zone class "
                    + "(higher is worse).",
                "gis", "hazard_areas", null, "MultiPolygon",
                [S("kind"), I("rank", NumberStorage.Int2), S("rank_label"), N("depth_min_m"), N("depth_max_m"), S("source"),
                 new("valid_from", "valid_from", PropertyType.Date, Queryable: false, InTiles: false)],
                "valid_from", "hazard_areas", MinZoom: 10, Credit: LayerCredit.Demo),
            new("borings", "ボーリング柱状図", "Borings",
                "Boring (ground investigation) locations with ground elevation (T.P. m) and total depth (m).",
                "gis", "borings", null, "Point",
                [S("name"), N("ground_elevation_m"), N("total_depth_m"), new("drilled_on", "drilled_on", PropertyType.Date,
                    Queryable: false), S("source", inTiles: false)],
                "drilled_on", "borings", MinZoom: 13, Credit: LayerCredit.Demo),
        ];
    }
}
