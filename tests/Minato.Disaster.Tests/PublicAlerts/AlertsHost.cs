using Microsoft.AspNetCore.Hosting;
using Minato.Gis.Import;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// The real host on a database of its own holding the demo ward boundary and the five demo districts (data/demo), so
/// alert areas resolve. Subclasses add settings (e.g. an SMTP sink). One per test class.
/// </summary>
public class AlertsHost : MinatoApiFactory, IAsyncLifetime
{
    /// <summary>Configuration overrides applied to the host.</summary>
    protected Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await PrepareAsync();
        await InitializeAsync();
        var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo");
        foreach (var (layer, file) in new[] { ("boundary", TestEnvironment.WardBoundaryFile), ("districts", "districts.geojson") })
        {
            var result = await importer.ImportAsync(layer, Path.Combine(folder, file), new ImportOptions { Source = DemoDataset.Source });
            Assert.True(result.Succeeded, $"loading demo {layer} failed");
        }
    }

    /// <summary>Runs before the database is created and the host configured (start real services, fill <see cref="Settings"/>).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
