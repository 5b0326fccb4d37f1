using Minato.Sensors.Stations;
using Minato.Testing;
using Npgsql;

namespace Minato.Sensors.Tests.Infrastructure;

/// <summary>Stations the tests own (inserted into each test's own database).</summary>
internal static class TestStations
{
    public static Station Rain(string id = "R-TEST-01", int intervalSeconds = 600) =>
        new(id, StationKind.Rain, "テスト雨量計", "Test rain gauge", "shiba", null, null, intervalSeconds, 139.7454, 35.6586,
            Station.DefaultRain1hMm, Station.DefaultRain24hMm);

    public static Station River(string id = "W-TEST-01") =>
        new(id, StationKind.River, "テスト水位計", "Test river gauge", "azabu", "古川", "四ノ橋", 600, 139.73181, 35.64724,
            RiverStagesM: [1.0, 2.0, 3.0, 4.0]);

    public static Station Radiation(string id = "D-TEST-01") =>
        new(id, StationKind.Radiation, "テストモニタリングポスト", "Test radiation post", "shibaura-konan", null, null, 600,
            139.75, 35.63,
            DoseCautionUsvh: 0.23);

    public static async Task SeedAsync(NpgsqlDataSource dataSource, params Station[] stations) =>
        await new StationStore(dataSource).UpsertAsync([.. stations.Select(s => (s, (string?)("pw-" + s.Id)))]);

    public static async Task<long> CountAsync(TestDatabase db, string stationId) =>
        await db.ScalarAsync<long>($"SELECT count(*) FROM sensors.observations WHERE station_id = '{stationId}'");
}
