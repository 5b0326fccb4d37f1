using Minato.Gis.Import;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The alerts host with the real 町丁目 loaded (data/minato/chome; the districts become their unions).</summary>
public sealed class ChomeAlertsHost : AlertsHost
{
    public async Task LoadChomeAsync()
    {
        if (await Database.ScalarAsync<long>("SELECT count(*) FROM gis.chome") > 0)
        {
            return;
        }

        var file = Path.Combine(TestEnvironment.RepositoryRoot, "data", "minato", "chome", "estat_r2ka13103_minato_chome.geojson");
        var result = await new LayerImporter(Database.DataSource, TimeProvider.System).ImportAsync("chome", file);
        Assert.True(result.Succeeded && result.Rejected == 0, "loading the 町丁目 failed");
    }
}
