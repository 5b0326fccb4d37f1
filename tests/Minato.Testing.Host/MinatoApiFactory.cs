using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Minato.Server.Security;
using Xunit;

namespace Minato.Testing;

/// <summary>The real host on a database of its own (a clone of the migrated template). One per test class.</summary>
public class MinatoApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Database => _db ?? throw new InvalidOperationException("not initialised");

    /// <summary>The signing key the host gets (the run's random key); null leaves the environment's configuration alone.</summary>
    protected virtual string? SigningKey => TestEnvironment.SigningKey;

    /// <summary>The embedded MQTT broker's port: one of its own per host, so hosts of parallel test classes never collide.</summary>
    public int MqttPort { get; } = FreePort.Next();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MINATO_DB", Database.ConnectionString);
        if (SigningKey is not null)
        {
            builder.UseSetting("Minato:Auth:SigningKey", SigningKey);
        }
        // Tests hammer the API on purpose; the limiter has its own test.
        builder.UseSetting("Minato:PublicRequestsPerSecond", "100000");
        builder.UseSetting("Minato:PublicBurst", "1000000");
        builder.UseSetting("Minato:PublicMailRequestsPerHour", "100000");
        builder.UseSetting("Minato:PublicRegistrationsPerHour", "100000");
        builder.UseSetting("Minato:HubNegotiationsPerMinute", "100000");
        builder.UseSetting("Minato:HubNegotiationsBurst", "100000");
        var port = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.UseSetting("Minato:Sensors:Broker:Port", port);
        builder.UseSetting("Minato:Sensors:Ingest:Port", port);
    }

    /// <summary>A client that carries a token of <paramref name="role"/> (signed with the host's key).</summary>
    public HttpClient CreateClient(string role, string? district = null, string? shelter = null, string subject = "test-user")
    {
        var token = Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest(subject, role, district, shelter));
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
