using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.StayFacilities;
using Minato.Gis.Routing;

namespace Minato.Disaster.Tests.StayFacilities;

/// <summary>
/// The nearest list by walking distance on the real host, the 11 real 都立一時滞在施設 and the demo road network: a facility
/// behind a blocked road is ranked by its walk, not the straight line; one across the water no walk reaches is left out;
/// a point off the network falls back to the straight line, said so per facility and for the answer; each walk equals the
/// planner's own point-to-point route. Each test sets which facilities accept (by 番号 of the Tokyo list).
/// </summary>
public sealed class StayWalkingDistanceTests(StayRoutingHost host) : IClassFixture<StayRoutingHost>
{
    private const string Hamamatsucho = "/api/stay-facilities/nearest?station=hamamatsucho&limit=20";
    private static readonly int[] All = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BehindABlockedRoad_TheFacilityIsRankedByItsWalk_NotTheStraightLine()
    {
        // 芝商業高等学校 (19) is 338 m from 浜松町 in a straight line, ニューピア竹芝 (11) 563 m. 海岸通り (demo-road-0077)
        // runs past 19's door; blocked, the walk to 19 goes round by the next streets and becomes longer than the walk to 11.
        var (school, pier) = (await host.IdOfAsync(19), await host.IdOfAsync(11));
        await AcceptOnlyAsync(19, 11);
        var open = await NearestAsync(Hamamatsucho);
        Assert.Equal("walking", (string?)open["distance_kind"]);
        var before = Metres(open, school);

        await host.BlockAsync(true, "demo-road-0077");
        try
        {
            var answer = await NearestAsync(Hamamatsucho);
            Assert.Equal("walking", (string?)answer["distance_kind"]);
            var rows = answer["facilities"]!.AsArray().Select(n => n!).ToList();
            Assert.All(rows, r => Assert.Equal("walking", (string?)r["distanceKind"]));
            var ids = rows.Select(r => (string?)r["facility"]!["id"]).ToList();
            Assert.Equal([pier, school], ids);
            var straight = ids.Select(id => Straight(answer, rows.Single(r => (string?)r["facility"]!["id"] == id))).ToList();
            Assert.True(straight[1] < straight[0], $"the straight line puts 19 first: {straight[1]:F0} < {straight[0]:F0}");
            Assert.True(Metres(answer, school) > before + 50, $"the walk to 19 grew: {before} → {Metres(answer, school)}");
            foreach (var row in rows)
            {
                Assert.True((double)row["distanceM"]! >= Straight(answer, row), row.ToJsonString());
                var minutes = (double)row["distanceM"]! / new RoutingOptions().WalkSpeedMps / 60; // 1 m/s unless configured
                Assert.InRange((double)row["walkMinutes"]!, minutes - 0.01, minutes + 1);
            }
        }
        finally
        {
            await host.BlockAsync(false, "demo-road-0077");
        }

        Assert.Equal(before, Metres(await NearestAsync(Hamamatsucho), school));
    }

    [Fact]
    public async Task EveryWalk_IsThePlannersPointToPointRoute_FromOneSearch()
    {
        await AcceptOnlyAsync(11, 13, 14, 17, 18, 19, 20, 21);
        var answer = await NearestAsync(Hamamatsucho);
        var planner = host.Services.GetRequiredService<RoutePlanner>();
        var station = StayStations.Find("hamamatsucho")!;
        var rows = answer["facilities"]!.AsArray().Select(n => n!).ToList();
        Assert.Equal(8, rows.Count);
        foreach (var row in rows)
        {
            var at = row["facility"]!["location"]!["coordinates"]!.AsArray();
            var route = await planner.PointToPointAsync(station.Lon, station.Lat, (double)at[0]!, (double)at[1]!, RouteMode.Walk, Ct);
            var walk = Assert.Single(route.Routes);
            // distanceM is rounded to 1 m, the route's three parts to 0.1 m each.
            Assert.Equal(walk.LengthM + walk.StartSnapM + walk.EndSnapM, (double)row["distanceM"]!, 0.7);
        }

        var metres = rows.Select(r => (double)r["distanceM"]!).ToList();
        Assert.Equal(metres.Order().ToList(), metres);
    }

    [Fact]
    public async Task AcrossTheWater_AFacilityNoWalkReaches_IsLeftOut_TheOnesOnTheIslandAreWalked()
    {
        // 台場 has its own streets and no bridge in the network: from 台場 the mainland facilities cannot be walked to.
        await AcceptOnlyAsync(13, 14, 15, 16);
        var answer = await NearestAsync("/api/stay-facilities/nearest?lon=139.775&lat=35.629&limit=20");
        var ids = answer["facilities"]!.AsArray().Select(n => (string?)n!["facility"]!["id"]).ToList();
        Assert.Equal([await host.IdOfAsync(16), await host.IdOfAsync(15)], ids);
        Assert.Equal("walking", (string?)answer["distance_kind"]);

        // And from the mainland the island is left out: 浜松町 lists 13 and 14 (港南, on the mainland's network) only.
        var mainland = await NearestAsync(Hamamatsucho);
        Assert.Equal([await host.IdOfAsync(13), await host.IdOfAsync(14)],
            mainland["facilities"]!.AsArray().Select(n => (string?)n!["facility"]!["id"]).ToList());
    }

    [Fact]
    public async Task OffTheNetwork_TheStraightLine_SaidSoPerFacilityAndForTheAnswer()
    {
        await AcceptOnlyAsync(14, 15, 21);
        // In Tokyo Bay, kilometres from any road.
        var answer = await NearestAsync("/api/stay-facilities/nearest?lon=139.80&lat=35.60");
        Assert.Equal("straight_line", (string?)answer["distance_kind"]);
        var rows = answer["facilities"]!.AsArray().Select(n => n!).ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("straight_line", (string?)row["distanceKind"]);
            Assert.Null(row["walkMinutes"]);
            Assert.Equal(Math.Round(Straight(answer, row)), (double)row["distanceM"]!);
        }
    }

    [Fact]
    public async Task Speed_NearestWithRouting_P50OverTheTenStations_Logged()
    {
        await AcceptOnlyAsync(All);
        var store = host.Services.GetRequiredService<StayFacilityStore>();
        var distance = host.Services.GetRequiredService<IStayDistance>();
        Assert.IsType<RoutedStayDistance>(distance);
        await store.NearestAsync(139.7572, 35.6555, 5, distance, Ct); // the graph is loaded once
        var samples = new List<double>();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round < 5; round++)
        {
            foreach (var station in StayStations.All)
            {
                var watch = Stopwatch.StartNew();
                var nearest = await store.NearestAsync(station.Lon, station.Lat, 5, distance, Ct);
                samples.Add(watch.Elapsed.TotalMilliseconds);
                Assert.NotEmpty(nearest.Facilities);
                kinds[station.Id] = string.Join(",", nearest.Facilities.Select(f => f.Distance.Kind).Distinct());
            }
        }

        // The demo network covers the stations of the south-east; the others lie beyond the snap distance (straight line).
        Assert.Contains(StayDistanceKinds.Walking, kinds["hamamatsucho"], StringComparison.Ordinal);

        samples.Sort();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"stay nearest (routed, in-process, 10 stations × 5): p50 {samples[samples.Count / 2]:F2} ms, max {samples[^1]:F2} ms; ")
            + string.Join(" ", kinds.Select(k => $"{k.Key}={k.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    private async Task AcceptOnlyAsync(params int[] numbers)
    {
        var hq = host.HttpClient("hq");
        foreach (var number in All)
        {
            var id = await host.IdOfAsync(number);
            var accepting = numbers.Contains(number);
            var response = await hq.PutAsJsonAsync($"/api/stay-facilities/{id}/status",
                new { status = accepting ? "accepting" : "not_opened", accepted = 0, capacity = 100 }, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    private async Task<JsonObject> NearestAsync(string url)
    {
        var response = await host.AnonymousClient().GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static double Metres(JsonObject answer, string id) =>
        (double)answer["facilities"]!.AsArray().Single(n => (string?)n!["facility"]!["id"] == id)!["distanceM"]!;

    private static double Straight(JsonObject answer, JsonNode row)
    {
        var from = answer["from"]!.AsArray();
        var at = row["facility"]!["location"]!["coordinates"]!.AsArray();
        return StraightLineDistance.Metres((double)from[0]!, (double)from[1]!, (double)at[0]!, (double)at[1]!);
    }
}
