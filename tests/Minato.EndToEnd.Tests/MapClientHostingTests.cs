using System.Net;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Server.Hosting;

namespace Minato.EndToEnd.Tests;

/// <summary>How the host serves the built client: every view is the client's page, bundles are cached for good.</summary>
public sealed class MapClientHostingTests(MapServer server) : IClassFixture<MapServer>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/hq")]
    [InlineData("/district/shiba")]
    [InlineData("/shelter/12")]
    [InlineData("/field")]
    [InlineData("/register")]
    [InlineData("/shelter/12/checkin")]
    [InlineData("/s/shinagawa")]
    [InlineData("/facility/3")]
    public async Task View_Get_ReturnsTheClientPageRevalidated(string path)
    {
        SkipUnlessBuilt();
        using var http = server.Http();

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("/assets/index-", html, StringComparison.Ordinal);
        // The API links of the index page stay on the client's page.
        Assert.Contains("href=\"/ogc\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_HashedBundleAndWorker_CachedForeverAndRevalidatedRespectively()
    {
        SkipUnlessBuilt();
        var bundle = Path.GetFileName(Directory.GetFiles(Path.Combine(MapServer.ClientBuild!, "assets"), "index-*.js").Single());
        using var http = server.Http();

        using var js = await http.GetAsync("/assets/" + bundle, TestContext.Current.CancellationToken);
        using var worker = await http.GetAsync("/assets/maplibre-gl-worker.mjs", TestContext.Current.CancellationToken);
        using var missing = await http.GetAsync("/assets/nope.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.True(js.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), js.Headers.CacheControl?.MaxAge);
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.True(worker.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ServiceWorker_Get_ServedAsScriptFromTheRootAndRevalidated()
    {
        SkipUnlessBuilt();
        using var http = server.Http();

        using var response = await http.GetAsync("/sw.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var script = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The worker never answers for the API: only GETs of pages, bundles and tiles.
        Assert.Contains("if (req.method !== \"GET\") return;", script, StringComparison.Ordinal);
    }

    [Fact]
    public void FindBuild_NoBuildAnywhere_ReturnsNullSoTheIndexPageStays()
    {
        var empty = Directory.CreateTempSubdirectory("minato-no-client-");
        try
        {
            Assert.Null(MapClientHosting.FindBuild(null, empty.FullName));
            Assert.Null(MapClientHosting.FindBuild(empty.FullName, empty.FullName));
            var dist = Directory.CreateDirectory(Path.Combine(empty.FullName, "map-client", "web", "dist"));
            File.WriteAllText(Path.Combine(dist.FullName, "index.html"), "<!doctype html>");
            Assert.Equal(dist.FullName, MapClientHosting.FindBuild(null, Path.Combine(empty.FullName, "bin")));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static void SkipUnlessBuilt()
    {
        if (MapServer.ClientBuild is null)
        {
            Minato.Testing.TestEnvironment.Unavailable("the web client is not built (map-client/web/dist)");
        }
    }
}
