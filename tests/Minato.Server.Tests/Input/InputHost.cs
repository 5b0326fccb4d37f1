using Minato.Gis.Import;

namespace Minato.Server.Tests.Input;

/// <summary>The real host on a database of its own with the real ward boundary and the demo districts, so valid bodies succeed.</summary>
public sealed class InputHost : MinatoApiFactory, IAsyncLifetime
{
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
        foreach (var layer in new[] { "boundary", "districts" })
        {
            var file = layer == "boundary" ? TestEnvironment.WardBoundaryFile
                : Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", layer + ".geojson");
            var result = await importer.ImportAsync(layer, file, new ImportOptions { Source = "demo" });
            Assert.True(result.Succeeded, $"loading demo {layer} failed");
        }
    }
}
