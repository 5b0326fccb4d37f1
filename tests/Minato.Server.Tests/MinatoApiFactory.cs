using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Minato.Testing;

namespace Minato.Server.Tests;

/// <summary>The real host on a database of its own (a clone of the migrated template). One per test class.</summary>
public class MinatoApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Database => _db ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MINATO_DB", Database.ConnectionString);
        // Tests hammer the API on purpose; the limiter has its own test.
        builder.UseSetting("Minato:PublicRequestsPerSecond", "100000");
        builder.UseSetting("Minato:PublicBurst", "1000000");
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
