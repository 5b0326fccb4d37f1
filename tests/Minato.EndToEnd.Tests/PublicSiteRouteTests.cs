using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// 「ここへの経路 / Route there」 from a site's popup on the public map: from the device's position (Playwright's
/// geolocation) to that site — not the nearest — with its time; without a position, a point clicked on the map.
/// </summary>
public sealed class PublicSiteRouteTests(MapServer server, Browser browser)
    : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;
    private const double Lon = 139.7454, Lat = 35.6586;

    /// <summary>A site reached from (Lon, Lat) for earthquake that is not the nearest one (the first alternative's).</summary>
    private async Task<(long Id, string Name, double Lon, double Lat)> NotTheNearestSiteAsync(HttpClient http, CancellationToken ct)
    {
        using var api = await http.GetFromJsonAsync<JsonDocument>(
            $"/api/routes/evacuation?from={Lon},{Lat}&hazard=earthquake&mode=walk", ct);
        var destination = api!.RootElement.GetProperty("features").EnumerateArray()
            .First(f => f.GetProperty("properties").GetProperty("role").GetString() == "destination"
                        && f.GetProperty("properties").GetProperty("rank").GetInt32() == 2);
        var site = destination.GetProperty("properties").GetProperty("site");
        var at = destination.GetProperty("geometry").GetProperty("coordinates");
        return (site.GetProperty("id").GetInt64(), site.GetProperty("name").GetString()!, at[0].GetDouble(), at[1].GetDouble());
    }

    /// <summary>Shows the site at zoom 16, waits until its point is drawn, clicks it and presses its 「ここへの経路」.</summary>
    private static async Task ClickSiteRouteThereAsync(IPage page, (long Id, string Name, double Lon, double Lat) site, string hazard)
    {
        await page.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded()", null, new() { Timeout = Deadline });
        await page.EvaluateAsync("([lon, lat]) => { window.minatoMap.jumpTo({ center: [lon, lat], zoom: 16 }); }",
            new[] { site.Lon, site.Lat });
        await page.WaitForFunctionAsync(
            """
            ([lon, lat, id]) => {
              const m = window.minatoMap, p = m.project([lon, lat]);
              return m.queryRenderedFeatures([p.x, p.y], { layers: ['shelters-circle', 'evac-circle'] }).some(f => f.id === id);
            }
            """, new object[] { site.Lon, site.Lat, site.Id }, new() { Timeout = Deadline });
        var pixel = await page.EvaluateAsync<JsonElement>(
            "([lon, lat]) => { const p = window.minatoMap.project([lon, lat]); return [p.x, p.y]; }", new[] { site.Lon, site.Lat });
        await page.Locator(".maplibregl-canvas").ClickAsync(new()
        {
            Position = new() { X = pixel[0].GetSingle(), Y = pixel[1].GetSingle() },
        });
        var row = page.Locator($".maplibregl-popup .row:has(.route-there-site[data-site-id='{site.Id}'])");
        await row.Locator("select.route-hazard").SelectOptionAsync(hazard, new() { Timeout = Deadline });
        await row.Locator(".route-there-site").ClickAsync();
    }

    [Fact]
    public async Task SitePopup_RouteThere_FromTheDevicePosition_DrawsTheRouteToThatSite()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        var site = await NotTheNearestSiteAsync(http, ct);
        using var api = await http.GetFromJsonAsync<JsonDocument>(
            $"/api/routes/evacuation?from={Lon:F6},{Lat:F6}&hazard=earthquake&mode=walk&site={site.Id}", ct);
        var route = api!.RootElement.GetProperty("features")[0];
        var minutes = route.GetProperty("properties").GetProperty("walking_time_min").GetDouble();
        var endSnap = route.GetProperty("properties").GetProperty("end_snap_m").GetDouble();
        var line = route.GetProperty("geometry").GetProperty("coordinates");
        var apiEnd = line[line.GetArrayLength() - 1];

        var page = await browser.NewPageAsync(configure: o =>
        {
            o.Geolocation = new Geolocation { Latitude = (float)Lat, Longitude = (float)Lon, Accuracy = 10 };
            o.Permissions = ["geolocation"];
        });
        await page.GotoAsync(server.BaseAddress + "/");
        await ClickSiteRouteThereAsync(page, site, "earthquake");

        await Assertions.Expect(page.Locator("#site-route #route-summary"))
            .ToContainTextAsync($"徒歩 {minutes} 分", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#site-route #route-destination")).ToHaveTextAsync(site.Name);
        // The line on the map is the API's route to the chosen site: it ends where the API's ends, at that site's snap.
        var end = await page.EvaluateAsync<double[]>(
            """
            () => {
              const s = window.minatoMap.getSource('evac-route');
              const best = s && s.serialize().data.features.find(f => f.properties.role === 'route');
              return best ? best.geometry.coordinates[best.geometry.coordinates.length - 1] : [];
            }
            """);
        Assert.Equal(2, end.Length);
        Assert.Equal(apiEnd[0].GetDouble(), end[0], 6);
        Assert.Equal(apiEnd[1].GetDouble(), end[1], 6);
        var metresToSite = Math.Sqrt(Math.Pow((end[0] - site.Lon) * 90_400, 2) + Math.Pow((end[1] - site.Lat) * 111_000, 2));
        Assert.True(metresToSite <= endSnap + 2, $"the route ends {metresToSite:F0} m from the site (snap {endSnap} m)");
        await Browser.ScreenshotAsync(page, "public-site-route");
    }

    [Fact]
    public async Task SitePopup_RouteThere_NoPosition_AsksForAPointThen422ShowsTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        var site = await NotTheNearestSiteAsync(http, ct);
        await server.Database.ExecuteAsync("UPDATE gis.roads SET blocked = true", ct);
        try
        {
            var page = await browser.NewPageAsync(); // no geolocation permission: the position is refused
            await page.GotoAsync(server.BaseAddress + "/");
            await ClickSiteRouteThereAsync(page, site, "earthquake");

            await Assertions.Expect(page.Locator("#route-pick-start")).ToContainTextAsync("出発地点", new() { Timeout = Deadline });
            await page.Locator(".maplibregl-canvas").ClickAsync(new() { Position = new() { X = 200, Y = 200 } });

            await Assertions.Expect(page.Locator("#site-route #route-error"))
                .ToContainTextAsync("経路が見つかりません:", new() { Timeout = Deadline });
            await Assertions.Expect(page.Locator(".maplibregl-popup")).ToHaveCountAsync(0); // the pick opened no popup
            Assert.Equal(0, await page.EvaluateAsync<int>(
                "() => window.minatoMap.getSource('evac-route')?.serialize().data.features.length ?? 0"));
        }
        finally
        {
            await server.Database.ExecuteAsync("UPDATE gis.roads SET blocked = false", ct);
        }
    }
}
