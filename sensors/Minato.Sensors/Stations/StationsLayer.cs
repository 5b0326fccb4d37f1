using Minato.Gis.Layers;

namespace Minato.Sensors.Stations;

/// <summary>The published layer of telemetry stations with their latest value and worst alert stage (view
/// <c>sensors.station_features</c>).</summary>
public static class StationsLayer
{
    public static LayerDefinition Definition { get; } = Build();

    public static IReadOnlyList<LayerDefinition> All { get; } = [Definition];

    private static LayerDefinition Build()
    {
        LayerProperty S(string name, bool inTiles = true) => new(name, name, PropertyType.String, Queryable: true, InTiles: inTiles);
        return new LayerDefinition(
            "stations", "観測局", "Telemetry stations",
            "Rain gauges, river-level gauges and radiation posts with the latest reading (mm per 10 min, m T.P., µSv/h), "
            + "the worst current alert stage and the 警戒レベル it implies.",
            "sensors", "station_features", null, "Point",
            [
                S("kind"), S("name_ja"), S("name_en"), S("district"), S("river", inTiles: false), S("reach", inTiles: false),
                new("interval_s", "interval_s", PropertyType.Integer, Queryable: false, InTiles: false),
                new("latest_value", "latest_value", PropertyType.Number, Queryable: false),
                new("observed_at", "observed_at", PropertyType.DateTime, Queryable: false),
                new("stage", "stage", PropertyType.Integer, Storage: NumberStorage.Int2),
                S("stage_name"),
                new("warning_level", "warning_level", PropertyType.Integer, Storage: NumberStorage.Int2),
                new("offline", "offline", PropertyType.Boolean),
                new("updated_at", "updated_at", PropertyType.DateTime, Queryable: false, InTiles: false),
            ],
            "observed_at", "stations", MinZoom: 10, Credit: LayerCredit.Demo);
    }
}
