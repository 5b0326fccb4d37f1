using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Import;
using Minato.Server.Security;

namespace Minato.Disaster.Tests.StayFacilities;

/// <summary>
/// The real host on a real loopback port with the 11 real 都立一時滞在施設 imported from data/minato/facilities (the
/// shipped file, through the stay-facilities import layer). One per test class.
/// </summary>
public class StayFacilitiesHost : Shelters.ShelterLiveHost, IAsyncLifetime
{
    public const string ShippedFile = "data/minato/facilities/tokyo_ichiji_taizai_minato.geojson";

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
        var result = await importer.ImportAsync("stay-facilities", Path.Combine(TestEnvironment.RepositoryRoot, ShippedFile));
        Assert.True(result.Succeeded, "importing the shipped stay facilities failed");
        await AfterImportAsync();
    }

    /// <summary>More data a subclass loads (the road network).</summary>
    protected virtual Task AfterImportAsync() => Task.CompletedTask;

    /// <summary>The facility id of the row with 番号 <paramref name="number"/> of the Tokyo list.</summary>
    public async Task<string> IdOfAsync(int number)
    {
        await using var cmd = Database.DataSource.CreateCommand(
            "SELECT id FROM gis.facilities WHERE kind = 'stay_facility' AND source_id = $1");
        cmd.Parameters.AddWithValue(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ((long)(await cmd.ExecuteScalarAsync())!).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A client with the token of a facility's staff (role facility, claim facility = <paramref name="facility"/>).</summary>
    public HttpClient FacilityClient(string facility)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        client.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FacilityToken(facility));
        return client;
    }

    /// <summary>The token of a facility's staff (subject <c>staff-{facility}</c>).</summary>
    public string FacilityToken(string facility) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("staff-" + facility, "facility", Facility: facility));

    public HttpClient AnonymousClient() => new() { BaseAddress = new Uri(BaseAddress) };

    public async Task<long> AuditCountAsync(string action, string entityId, string actor)
    {
        await using var cmd = Database.DataSource.CreateCommand(
            "SELECT count(*) FROM ops.audit_log WHERE action = $1 AND entity_id = $2 AND actor = $3");
        cmd.Parameters.AddWithValue(action);
        cmd.Parameters.AddWithValue(entityId);
        cmd.Parameters.AddWithValue(actor);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
