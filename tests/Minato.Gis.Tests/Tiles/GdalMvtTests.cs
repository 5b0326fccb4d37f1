using System.Diagnostics;
using System.Text.RegularExpressions;
using Minato.Gis.Layers;
using Minato.Gis.Tiles;
using Minato.Testing;

namespace Minato.Gis.Tests.Tiles;

/// <summary>GDAL's MVT driver (Debian gdal-bin) reads our tiles: a second, independent decoder.</summary>
public sealed partial class GdalMvtTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task OgrInfo_AedTile_SeesLayerAndFeatureCount()
    {
        const string ogrinfo = "/usr/bin/ogrinfo";
        if (!File.Exists(ogrinfo))
        {
            TestEnvironment.Unavailable("GDAL's ogrinfo (Debian gdal-bin) is not installed");
        }

        for (var i = 0; i < 3; i++)
        {
            await fixture.Database.ExecuteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"INSERT INTO gis.facilities (kind, source, source_id, name, geom) VALUES ('aed', 'test', 'g{i}', 'AED {i}', " +
                $"ST_SetSRID(ST_Point({139.7454 + (i * 0.0003)}, 35.6586), 6668))"));
        }

        var tile = TileCoordinate.FromLonLat(139.7454, 35.6586, 15);
        var catalog = new LayerCatalog(LayerCatalog.Core);
        var bytes = await new TileSource(fixture.DataSource, catalog).RenderAsync(catalog.Find("aeds")!, tile);
        var dir = Directory.CreateTempSubdirectory("minato-mvt-");
        try
        {
            var path = Path.Combine(dir.FullName, "tile.mvt");
            await File.WriteAllBytesAsync(path, bytes);
            var psi = new ProcessStartInfo(ogrinfo)
            {
                ArgumentList = { "-ro", "-al", "-so", "-oo", $"Z={tile.Z}", "-oo", $"X={tile.X}", "-oo", $"Y={tile.Y}", path },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, errors);
            Assert.Equal("aeds", LayerName().Match(output).Groups[1].Value);
            Assert.Equal("3", FeatureCount().Match(output).Groups[1].Value);
            Assert.Contains("name: String", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^Layer name: (\S+)", RegexOptions.Multiline)]
    private static partial Regex LayerName();

    [GeneratedRegex(@"^Feature Count: (\d+)", RegexOptions.Multiline)]
    private static partial Regex FeatureCount();
}
