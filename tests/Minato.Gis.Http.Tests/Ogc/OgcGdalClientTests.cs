using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Layers;
using Minato.Testing;

namespace Minato.Gis.Http.Tests.Ogc;

/// <summary>GDAL's OAPIF driver (Debian gdal-bin) as an independent client of the real server on Kestrel.</summary>
[Trait("Category", "Slow")]
public sealed class OgcGdalClientTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Ogrinfo_LandingPage_ListsEveryCollection()
    {
        var catalog = factory.Services.GetRequiredService<LayerCatalog>();

        var (exit, output) = await RunAsync("ogrinfo", "-ro", "-q", $"OAPIF:{factory.BaseAddress}/ogc");

        Assert.True(exit == 0, output);
        foreach (var layer in catalog.All)
        {
            Assert.Contains($": {layer.Id}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ogr2ogr_CollectionLargerThanAPage_ReadsEveryFeature()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 250);
        var expected = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM gis.facilities WHERE kind = 'aed'");
        var dir = Directory.CreateTempSubdirectory("minato-ogr-");
        try
        {
            var target = Path.Combine(dir.FullName, "aeds.geojson");

            // PAGE_SIZE 100 makes GDAL follow our next links over three pages.
            var (exit, output) = await RunAsync(
                "ogr2ogr", "-f", "GeoJSON", target, $"OAPIF:{factory.BaseAddress}/ogc", "aeds", "-oo", "PAGE_SIZE=100");

            Assert.True(exit == 0, output);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
            var features = doc.RootElement.GetProperty("features").EnumerateArray().ToArray();
            Assert.Equal(expected, features.Length);
            Assert.Equal(250, features.Select(f => f.GetProperty("properties").GetProperty("name").GetString()).Distinct().Count());
            var first = features.Single(f => f.GetProperty("properties").GetProperty("name").GetString() == "AED 1");
            var c = first.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(139.71 + (0.07 / 250), c[0].GetDouble(), 1e-7);
            Assert.Equal(35.625 + (0.055 / 250), c[1].GetDouble(), 1e-7);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Ogrinfo_BboxFilter_CountsOnlyFeaturesInside()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 40);
        var inside = await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM gis.facilities WHERE kind = 'aed' AND ST_Intersects(geom, ST_MakeEnvelope(139.70, 35.60, 139.745, " +
                "35.70, 6668))");

        var (exit, output) = await RunAsync(
            "ogrinfo", "-ro", "-so", "-spat", "139.70", "35.60", "139.745", "35.70", $"OAPIF:{factory.BaseAddress}/ogc", "aeds");

        Assert.True(exit == 0, output);
        Assert.InRange(inside, 1, 39);
        Assert.Contains($"Feature Count: {inside}", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        var path = Path.Combine("/usr/bin", tool);
        if (!File.Exists(path))
        {
            TestEnvironment.Unavailable($"{tool} (Debian gdal-bin) is not installed");
        }

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // No proxy between GDAL and the loopback server.
        start.Environment["GDAL_HTTP_PROXY"] = "";
        start.Environment["http_proxy"] = "";
        start.Environment["no_proxy"] = "127.0.0.1,localhost";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {ProcessTimeout}");
        }

        return (process.ExitCode, $"{tool} {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
    }
}
