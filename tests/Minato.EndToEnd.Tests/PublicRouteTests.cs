using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>「ここへの経路 / Route there」 on the public map: the evacuation route drawn as a line with its time.</summary>
public sealed class PublicRouteTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    public async Task PublicPage_RouteThere_DrawsTheApisRouteWithItsTime()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        using var report = await http.GetFromJsonAsync<JsonDocument>("/api/hazards/at?lon=139.7454&lat=35.6586", ct);
        var hazard = report!.RootElement.GetProperty("evacuation")[0].GetProperty("hazard").GetString()!;
        hazard = hazard == "liquefaction" ? "earthquake" : hazard;
        using var api = await http.GetFromJsonAsync<JsonDocument>(
            $"/api/routes/evacuation?from=139.745400,35.658600&hazard={hazard}&mode=walk", ct);
        var best = api!.RootElement.GetProperty("features").EnumerateArray()
            .First(f => f.GetProperty("properties").GetProperty("role").GetString() == "route").GetProperty("properties");
        var minutes = best.GetProperty("walking_time_min").GetDouble();
        var metres = Math.Round(best.GetProperty("length_m").GetDouble());
        var destination = best.GetProperty("destination").GetProperty("name").GetString()!;

        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "/");
        await page.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded()", null, new() { Timeout = Deadline });
        await page.Locator("#search").FillAsync("35.6586,139.7454");
        await page.Locator("#search").PressAsync("Enter");
        await page.Locator($".route-there[data-hazard='{hazard}']").ClickAsync(new() { Timeout = Deadline });

        await Assertions.Expect(page.Locator("#route-summary")).ToContainTextAsync($"徒歩 {minutes} 分", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#route-summary")).ToContainTextAsync($"{metres} m");
        await Assertions.Expect(page.Locator("#route-destination")).ToHaveTextAsync(destination);
        // The route is on the map: a GeoJSON source with the best route's line and its coordinates.
        var points = await page.EvaluateAsync<int>(
            """
            () => {
              const s = window.minatoMap.getSource('evac-route');
              if (!s || !window.minatoMap.getLayer('evac-route-line')) return 0;
              const best = s.serialize().data.features.find(f => f.properties.role === 'route');
              return best ? best.geometry.coordinates.length : 0;
            }
            """);
        Assert.True(points >= 2, $"the route line has {points} coordinates");
        await Browser.ScreenshotAsync(page, "public-route");
    }

    [Fact]
    public async Task PublicPage_RouteThere_NoRoute_ShowsTheReason()
    {
        // Routable at first; with every road blocked the API refuses with 422 and the page shows its reason.
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        using var answer = await http.GetAsync("/api/routes/evacuation?from=139.745400,35.658600&hazard=earthquake&mode=walk", ct);
        Assert.True(answer.IsSuccessStatusCode);
        await server.Database.ExecuteAsync("UPDATE gis.roads SET blocked = true", ct);

        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(server.BaseAddress + "/");
            await page.Locator("#search").FillAsync("35.6586,139.7454");
            await page.Locator("#search").PressAsync("Enter");
            await page.Locator(".route-there").First.ClickAsync(new() { Timeout = Deadline });
            await Assertions.Expect(page.Locator("#route-error"))
                .ToContainTextAsync("経路が見つかりません", new() { Timeout = Deadline });
            Assert.Equal(0, await page.EvaluateAsync<int>(
                "() => window.minatoMap.getSource('evac-route')?.serialize().data.features.length ?? 0"));
        }
        finally
        {
            await server.Database.ExecuteAsync("UPDATE gis.roads SET blocked = false", ct);
        }
    }
}
