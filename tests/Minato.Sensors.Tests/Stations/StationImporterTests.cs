using System.Text;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Stations;

public sealed class StationImporterTests
{
    private static string DemoFile => Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", "stations.geojson");

    [Fact]
    public async Task Parse_DemoStations_RainInEveryDistrictFurukawaGaugesAndTwoPosts()
    {
        await using var file = File.OpenRead(DemoFile);
        var (stations, errors) = await StationImporter.ParseAsync(file);
        Assert.Empty(errors);
        var list = stations.Select(s => s.Station).ToList();
        Assert.Equal(Minato.Gis.Layers.Ward.Districts.Select(d => d.Id).Order(),
            list.Where(s => s.Kind == StationKind.Rain).Select(s => s.District!).Order());
        Assert.Contains(list, s => s.Kind == StationKind.River && s.Reach == "四ノ橋" && Math.Abs(s.Lat - 35.64724) < 1e-6);
        Assert.Equal(2, list.Count(s => s.Kind == StationKind.Radiation && s.DoseCautionUsvh == 0.23));
        Assert.All(stations, s => Assert.False(string.IsNullOrEmpty(s.Password)));
    }

    [Fact]
    public async Task Import_BadFeatures_ReportedGoodOnesStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        const string json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[139.74,35.65]},"properties":{"id":"R-OK-01","kind":"rain",
                "name_ja":"雨","name_en":"Rain"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[139.74,35.65]},"properties":{"id":"W-BAD-01","kind":"river",
                "name_ja":"川","name_en":"River","river_stages_m":[3,2,1,0]}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"id":"R-PARIS","kind":"rain",
                "name_ja":"巴里","name_en":"Paris"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[139.74,35.65]},"properties":{"id":"X-1","kind":"wind",
                "name_ja":"風","name_en":"Wind"}},
              {"type":"Feature","geometry":null,"properties":{"id":"R-NOGEOM","kind":"rain"}}
            ]}
            """;
        var result = await new StationImporter(new StationStore(db.DataSource))
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(1, result.Imported);
        Assert.Equal([1, 2, 3, 4], result.Errors.Select(e => e.Index));
        Assert.Contains("ascending", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not near Minato", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM sensors.stations"));
        Assert.Equal("{30,50,80}", await db.ScalarAsync<string>("SELECT rain_1h_mm::text FROM sensors.stations WHERE id = 'R-OK-01'"));
    }
}
