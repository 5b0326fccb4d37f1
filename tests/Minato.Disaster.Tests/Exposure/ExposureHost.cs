using Minato.Gis.Import;

namespace Minato.Disaster.Tests.Exposure;

/// <summary>
/// The real host on a database of its own holding the real 町丁目 (data/minato/chome, which also builds the districts),
/// the demo ward outline and the demo hazard areas. One per test class.
/// </summary>
public class ExposureHost : MinatoApiFactory, IAsyncLifetime
{
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
        var data = Path.Combine(TestEnvironment.RepositoryRoot, "data");
        foreach (var (layer, file, source) in new[]
                 {
                     ("boundary", TestEnvironment.WardBoundaryFile, "n03"),
                     ("chome", Path.Combine(data, "minato", "chome", "estat_r2ka13103_minato_chome.geojson"), "e-stat"),
                     ("hazard-areas", Path.Combine(data, "demo", "hazard-areas.geojson"), "demo"),
                 })
        {
            var result = await importer.ImportAsync(layer, file, new ImportOptions { Source = source });
            Assert.True(result.Succeeded && result.Rejected == 0, $"loading {layer} failed");
        }
    }
}
