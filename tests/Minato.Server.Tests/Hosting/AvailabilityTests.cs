using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Minato.Gis.Database;
using Minato.Server.Hosting;
using Npgsql;

namespace Minato.Server.Tests.Hosting;

/// <summary>
/// Start-up without a database and the exit code. The database's outage is a TCP proxy between the server and the
/// shared test PostgreSQL, cut with new connections refused (the shared cluster itself is never stopped).
/// </summary>
public sealed class AvailabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_DatabaseUnreachable_Healthz503WithReasonThenMigratedAnd200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var empty = await EmptyDatabase.CreateAsync(ct);
        var pg = new NpgsqlConnectionStringBuilder(empty.ConnectionString);
        await using var proxy = new TcpProxy(pg.Host!, pg.Port);
        proxy.Cut(refuseNew: true);
        var viaProxy = ViaProxy(empty.ConnectionString, proxy);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var factory = new Factory(viaProxy, time);

        var client = factory.CreateClient(); // starts the host: neither blocks nor fails without a database
        var down = await client.GetAsync("/healthz", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Contains("database unreachable", await down.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal(0L, await empty.ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'schemaversions'", ct));

        proxy.Restore();
        // The migrations' back-off waits on the host's clock: each check moves it on a second.
        await Wait.UntilAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return (await client.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.OK;
        }, Deadline, "/healthz to turn 200 after the database came back");

        var migrations = Directory.GetFiles(DatabaseMigrator.DefaultScriptsFolder, "*.sql").Length;
        Assert.Equal((long)migrations, await empty.ScalarAsync("SELECT count(*) FROM public.schemaversions", ct));
        Assert.False(factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        // /healthz does not query the database per call: one probe serves every call for two seconds of the clock.
        var health = factory.Services.GetRequiredService<DatabaseHealth>();
        var probes = health.Probes;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ct)).StatusCode);
        }

        Assert.Equal(probes, health.Probes);
        time.Advance(DatabaseHealth.MaxAge + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ct)).StatusCode);
        Assert.Equal(probes + 1, health.Probes);
    }

    [Fact]
    public async Task Tiles_DatabaseUnreachable_CachedTileStillServed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(ct);
        await db.ExecuteAsync(
            "INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, interval_s, rain_1h_mm, geom) " +
            "VALUES ('R-TILE-01', 'rain', 'R-TILE-01', 'R-TILE-01', 'shiba', 600, '{30,50,80}', " +
            "ST_SetSRID(ST_MakePoint(139.74, 35.65), 6668))", ct);
        var pg = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = new TcpProxy(pg.Host!, pg.Port);
        var viaProxy = ViaProxy(db.ConnectionString, proxy);
        await using var factory = new Factory(viaProxy, new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var client = factory.CreateClient();
        var versions = factory.Services.GetRequiredService<Minato.Gis.Tiles.LayerVersions>();
        await UntilAsync(() => versions.IsLive, "the layer change listener to connect");
        var url = TileUrl("stations", 14, 139.74, 35.65);
        var cached = await client.GetAsync(url, ct);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);

        proxy.Cut(refuseNew: true);
        await UntilAsync(() => !versions.IsLive, "the listener to lose the database");
        var during = await client.GetAsync(url, ct);

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(cached.Headers.ETag, during.Headers.ETag);
        Assert.Equal(await cached.Content.ReadAsByteArrayAsync(ct), await during.Content.ReadAsByteArrayAsync(ct));
        // A tile that was never rendered cannot be served: 503 with Retry-After, not 500.
        var uncached = await client.GetAsync(TileUrl("stations", 15, 139.74, 35.65), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.NotNull(uncached.Headers.RetryAfter);
    }

    [Fact]
    public async Task Serve_MigrationCannotSucceed_ExitsWithCodeOne()
    {
        // A database that does not exist: waiting cannot fix it, so the real executable stops with a failure code.
        var missing = new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString)
        {
            Database = "t_missing_" + Guid.NewGuid().ToString("N")[..8],
        };
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var run = await CliProcess.RunAsync(missing.ConnectionString, "serve", "--urls", "http://127.0.0.1:0",
            "--environment", "Development", $"--Minato:Sensors:Broker:Port={port}", $"--Minato:Sensors:Ingest:Port={port}");

        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}: {run.StdOut} {run.StdErr}");
        Assert.Contains("database migration failed", run.StdOut + run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BackgroundServiceFails_ReturnsOne()
    {
        await using var app = App(typeof(FailingService));

        Assert.Equal(1, await ServerExit.RunAsync(app));
    }

    [Fact]
    public async Task RunAsync_StopRequested_ReturnsZero()
    {
        await using var app = App(typeof(StoppingService));

        Assert.Equal(0, await ServerExit.RunAsync(app));
    }

    private static string ViaProxy(string connectionString, TcpProxy proxy) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;

    private static string TileUrl(string layer, int z, double lon, double lat)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Asinh(Math.Tan(rad)) / Math.PI) / 2 * n);
        return string.Create(CultureInfo.InvariantCulture, $"/tiles/{layer}/{z}/{x}/{y}.mvt");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => Wait.UntilAsync(condition, Deadline, what);

    private static WebApplication App(Type service)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ServerExit>();
        builder.Services.AddSingleton(typeof(IHostedService), service);
        return builder.Build();
    }

    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a bug, not an outage");
        }
    }

    private sealed class StoppingService(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            lifetime.ApplicationStarted.Register(lifetime.StopApplication); // as SIGTERM does
            return Task.CompletedTask;
        }
    }

    /// <summary>The host on TestServer with the test's clock and an embedded broker port of its own.</summary>
    private sealed class Factory(string connectionString, FakeTimeProvider time) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            builder.UseSetting("MINATO_DB", connectionString);
            builder.UseSetting("Minato:Sensors:Broker:Port", port);
            builder.UseSetting("Minato:Sensors:Ingest:Port", port);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time));
        }
    }

    /// <summary>A database with nothing in it (not the migrated template), dropped at the end.</summary>
    private sealed class EmptyDatabase : IAsyncDisposable
    {
        private readonly string _name;

        private EmptyDatabase(string name) =>
            (_name, ConnectionString) = (name, new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString) { Database = name }
                .ConnectionString);

        public string ConnectionString { get; }

        public static async Task<EmptyDatabase> CreateAsync(CancellationToken ct)
        {
            var name = "t_empty_" + Guid.NewGuid().ToString("N")[..12];
            await AdminAsync($"CREATE DATABASE {name}", ct);
            return new EmptyDatabase(name);
        }

        public async Task<long> ScalarAsync(string sql, CancellationToken ct)
        {
            var cs = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
#pragma warning disable CA2100 // the test's own constant SQL
            await using var cmd = new NpgsqlCommand(sql, conn);
#pragma warning restore CA2100
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", CancellationToken.None);
        }

        private static async Task AdminAsync(string sql, CancellationToken ct)
        {
            var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString) { Database = "postgres", Pooling = false };
            await using var conn = new NpgsqlConnection(admin.ConnectionString);
            try
            {
                await conn.OpenAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
            {
                TestEnvironment.Unavailable($"PostgreSQL is not reachable: {e.Message}");
                throw;
            }

            // Names are generated here (t_empty_ + hex), never input.
#pragma warning disable CA2100
            await using var cmd = new NpgsqlCommand(sql, conn);
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
