using System.Net;
using System.Security.Cryptography;
using Minato.Disaster.Security;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>
/// Road-blocked reports close exactly the gis.roads segments they cover and re-open them when resolved or rejected
/// (unless another open report still covers them); the road layer (OGC items, tiles) reflects it. Each test uses its own
/// host and database, as road state is shared by every report in a database.
/// </summary>
public sealed class ReportRoadTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly ReportsHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Hq => _host.CreateClient(MinatoClaims.Hq, subject: "hq-roads");

    private HttpClient Field => _host.CreateClient(MinatoClaims.Field, subject: "field-roads");

    public async ValueTask InitializeAsync() => await ((IAsyncLifetime)_host).InitializeAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RoadBlockedPoint_BlocksTheSegmentWithin15m_AndResolvingReopensIt()
    {
        var (lon, lat) = await _host.OffsetAsync(100, 5);
        using var created = await PostAsync(Field, NewKey(), Point("road-blocked", 4, lon, lat, "倒木 / fallen tree"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await JsonAsync(created);
        var id = report.GetProperty("id").GetInt64();

        Assert.Equal(["ew-east"], await _host.BlockedRoadsAsync());
        Assert.Equal([await _host.RoadIdAsync("ew-east")], report.GetProperty("blockedRoads").EnumerateArray().Select(e => e.GetInt64()));

        await MoveAsync(id, "confirmed", "assigned", "in-progress", "resolved");

        Assert.Empty(await _host.BlockedRoadsAsync());
        Assert.Equal(1L, await _host.Database.ScalarAsync<long>(
            $"SELECT jsonb_array_length(details->'reopenedRoads') FROM ops.audit_log WHERE action = 'report.status' AND entity_id = " +
                $"'{id}' AND details->>'to' = 'resolved'"));
    }

    [Fact]
    public async Task RoadBlockedPointFarFromRoads_BlocksNothing_OtherCategoriesNeverBlock()
    {
        var (farLon, farLat) = await _host.OffsetAsync(100, 50);
        var (nearLon, nearLat) = await _host.OffsetAsync(100, 2);
        await CreateAsync(Field, Point("road-blocked", 2, farLon, farLat));
        await CreateAsync(Field, Point("fire", 5, nearLon, nearLat));

        Assert.Empty(await _host.BlockedRoadsAsync());
    }

    [Fact]
    public async Task RoadBlockedLine_BlocksTheRoadAlongIt_NotTheCrossStreetsItTouches()
    {
        var a = await _host.OffsetAsync(-150, 1);
        var b = await _host.OffsetAsync(0, 0);
        var id = await CreateAsync(Field, Line("road-blocked", 3, a, b));

        Assert.Equal(["ew-west"], await _host.BlockedRoadsAsync());

        using var rejected = await StatusAsync(Hq, id, "rejected", note: "cleared already");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Empty(await _host.BlockedRoadsAsync());
    }

    [Fact]
    public async Task TwoReportsOnOneRoad_ResolvingOne_KeepsItBlockedUntilTheOtherCloses()
    {
        var (lon1, lat1) = await _host.OffsetAsync(60, 3);
        var (lon2, lat2) = await _host.OffsetAsync(140, -3);
        var first = await CreateAsync(Field, Point("road-blocked", 3, lon1, lat1));
        var second = await CreateAsync(Field, Point("road-blocked", 3, lon2, lat2));

        using (var r = await StatusAsync(Hq, first, "rejected"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(["ew-east"], await _host.BlockedRoadsAsync());

        using (var r = await StatusAsync(Hq, second, "rejected"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Empty(await _host.BlockedRoadsAsync());
    }

    [Fact]
    public async Task RoadBlockedReport_ShowsInTheRoadLayer_OgcItemAndTile()
    {
        var road = await _host.RoadIdAsync("ew-east");
        var client = _host.CreateClient();
        var version = await _host.Database.ScalarAsync<long>("SELECT coalesce((SELECT version FROM gis.layer_versions WHERE layer = " +
            "'roads'), 0)");
        var (x, y) = Tile(16, ReportsHost.Lon, ReportsHost.Lat);
        var tileUrl = $"/tiles/roads/16/{x}/{y}.mvt";
        var tileBefore = await TileHashAsync(client, tileUrl);

        var (lon, lat) = await _host.OffsetAsync(100, 5);
        await CreateAsync(Field, Point("road-blocked", 4, lon, lat));

        using var item = await client.GetAsync($"/ogc/collections/roads/items/{road}", Ct);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.True((await JsonAsync(item)).GetProperty("properties").GetProperty("blocked").GetBoolean());
        Assert.True(await _host.Database.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'roads'") > version);
        // The tile cache is invalidated by the layer-version notification: the tile changes (blocked = true) within the deadline.
        await Wait.UntilAsync(async () => await TileHashAsync(client, tileUrl) != tileBefore, Deadline, "the road tile to change");
    }

    private async Task MoveAsync(long id, params string[] statuses)
    {
        foreach (var s in statuses)
        {
            using var r = await StatusAsync(Hq, id, s, assignee: s == "assigned" ? "road crew 2" : null);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    private static async Task<string> TileHashAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        return Convert.ToHexString(SHA256.HashData(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    private static (int X, int Y) Tile(int z, double lon, double lat)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var r = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - (Math.Log(Math.Tan(r) + (1 / Math.Cos(r))) / Math.PI)) / 2 * n);
        return (x, y);
    }
}
