using Minato.Gis.Import;

namespace Minato.Gis.Http.Tests.Ogc;

/// <summary>The real host on a database loaded as <c>./minato demo load</c> does (data/minato, then data/demo).</summary>
public sealed class DemoLoadedHost : MinatoApiFactory, IAsyncLifetime
{
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var results = await DemoDataset.LoadAsync(new LayerImporter(Database.DataSource, TimeProvider.System),
            Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo"));
        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Rejected == 0,
            $"{r.Layer}: {r.FatalError} {string.Join("; ", r.Errors)}"));
    }
}
