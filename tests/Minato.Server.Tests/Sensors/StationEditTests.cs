using System.Net;
using System.Text;
using System.Text.Json;

namespace Minato.Server.Tests.Sensors;

/// <summary>Station editing through the whole host: a real JWT from the host's issuer, the hq policy, PostGIS.</summary>
public sealed class StationEditTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    private const string Feature = """
        {"type":"Feature","properties":{"id":"R-EDIT-01","kind":"rain","name_ja":"編集試験雨量計","name_en":"Edit test gauge",
         "district":"azabu","interval_s":600,"rain_1h_mm":[20,40,60]},"geometry":{"type":"Point","coordinates":[139.7300,35.6550]}}
        """;

    private HttpClient ClientWith(string role, string? district = null) => factory.CreateClient(role, district, subject: "tester");

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PutThenDelete_HqToken_StationCreatedServedAndRetired()
    {
        var hq = ClientWith("hq");

        var put = await hq.PutAsync("/api/stations/R-EDIT-01", Body(Feature));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        using (var doc = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/api/stations/R-EDIT-01")))
        {
            var p = doc.RootElement.GetProperty("properties");
            Assert.Equal("azabu", p.GetProperty("district").GetString());
            Assert.Equal(40, p.GetProperty("thresholds").GetProperty("rain_1h_mm")[1].GetDouble());
        }

        var delete = await hq.DeleteAsync("/api/stations/R-EDIT-01");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/api/stations/R-EDIT-01")).StatusCode);

        // Both writes are in the audit chain, naming the caller; the chain verifies.
        var audited = await factory.Database.ScalarAsync<string>(
            "SELECT string_agg(action || ':' || actor || ':' || role, ',' ORDER BY seq) FROM ops.audit_log WHERE entity = 'station' AND " +
                "entity_id = 'R-EDIT-01'");
        Assert.Equal("station.upsert:tester:hq,station.deactivate:tester:hq", audited);
        Assert.DoesNotContain("password",
            await factory.Database.ScalarAsync<string>("SELECT string_agg(details::text, ' ') FROM ops.audit_log"),
                StringComparison.OrdinalIgnoreCase);
        Assert.True((await Minato.Audit.AuditVerifier.VerifyAsync(factory.Database.DataSource, TestContext.Current.CancellationToken))
            .Intact);
    }

    [Fact]
    public async Task Put_DistrictToken_Forbidden()
    {
        var response = await ClientWith("district", "azabu")
            .PutAsync("/api/stations/R-EDIT-02", Body(Feature.Replace("R-EDIT-01", "R-EDIT-02", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM sensors.stations WHERE id = 'R-EDIT-02'"));
        Assert.Equal(0, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE entity_id = 'R-EDIT-02'"));
    }

    [Fact]
    public async Task Put_IdMismatch_ValidationProblemAndNothingStored()
    {
        var response = await ClientWith("hq").PutAsync("/api/stations/R-OTHER", Body(Feature));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("differs from the URL", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM sensors.stations WHERE id IN ('R-OTHER', " +
            "'R-EDIT-01') AND active"));
    }
}
