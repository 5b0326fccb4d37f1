using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Minato.Sensors.Alerts;
using Minato.Sensors;
using Minato.Sensors.Http;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;
using Npgsql;

namespace Minato.Sensors.Tests.Http;

/// <summary>The telemetry endpoints on a real Kestrel over a real PostGIS (the host's composition is tested by the server tests).</summary>
public sealed class SensorsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 8, 0, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Station[] stations = [TestStations.River(), TestStations.Rain()];
        await TestStations.SeedAsync(_db.DataSource, stations);
        var time = new FakeTimeProvider(T0.AddHours(2));
        var directory = new StationDirectory(stations);
        var readings = Enumerable.Range(0, 12).Select(i => new Reading("W-TEST-01", T0.AddMinutes(10 * i), 1.0 + i * 0.2)).ToList();
        var result = await new ObservationWriter(_db.DataSource).WriteAsync(readings, [], T0.AddHours(2));
        var engine = new AlertEngine(_db.DataSource, directory, new AlertStore(_db.DataSource), new SensorEventHub(), time,
            new AlertOptions(),
            NullLogger<AlertEngine>.Instance);
        engine.OnCommitted(new CommittedBatch(result, readings, 0, T0.AddHours(2)));
        await engine.ProcessPendingAsync();
        engine.Dispose();

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<NpgsqlDataSource>(_db.DataSource);
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton(new StationStore(_db.DataSource));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization(o => o.AddPolicy("hq", p => p.RequireRole("hq")));
        // The reads are public endpoints: the host defines their CORS and rate-limit policies (here without a limit).
        builder.Services.AddCors(o => o.AddPolicy(Minato.Gis.PublicApi.CorsPolicy, p => p.AllowAnyOrigin()));
        builder.Services.AddRateLimiter(o => o.AddPolicy(Minato.Gis.PublicApi.RateLimitPolicy,
            _ => System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("all")));
        _app = builder.Build();
        _app.UseCors();
        _app.UseRateLimiter();
        _app.UseAuthorization();
        _app.MapSensorsApi("hq");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task GetStations_FeatureCollection_WithLatestValueAndStage()
    {
        var fc = await GetJsonAsync("/api/stations");
        Assert.Equal("FeatureCollection", fc.GetProperty("type").GetString());
        var river = fc.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "W-TEST-01");
        var p = river.GetProperty("properties");
        Assert.Equal(3.2, p.GetProperty("latest").GetProperty("value").GetDouble(), 6);
        Assert.Equal(3, p.GetProperty("stage").GetInt32()); // lines 1, 2, 3, 4 m: 3.2 m is 避難判断水位
        Assert.Equal(3, p.GetProperty("warning_level").GetInt32());
        Assert.Equal(0.2, p.GetProperty("derived").GetProperty("rise_10min").GetDouble(), 6);
        Assert.Equal([139.73181, 35.64724],
            river.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
    }

    [Fact]
    public async Task GetObservations_HourlyInterval_AggregatesMean()
    {
        var json = await GetJsonAsync($"/api/stations/W-TEST-01/observations?from={Uri.EscapeDataString(T0.ToString("O"))}" +
            $"&to={Uri.EscapeDataString(T0.AddHours(2).ToString("O"))}&interval=1h");
        var rows = json.GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(6, rows[0].GetProperty("n").GetInt32());
        Assert.Equal(1.5, rows[0].GetProperty("v").GetDouble(), 4); // mean of 1.0 … 2.0
        Assert.Equal("mean", json.GetProperty("aggregate").GetString());
    }

    [Theory]
    [InlineData("?interval=2h")]
    [InlineData("?from=yesterday")]
    [InlineData("?from=2026-09-08T02:00:00Z&to=2026-09-08T01:00:00Z")]
    [InlineData("?from=2025-01-01T00:00:00Z&to=2026-09-08T00:00:00Z")]
    public async Task GetObservations_BadQuery_ValidationProblem(string query)
    {
        using var response = await _http.GetAsync("/api/stations/W-TEST-01/observations" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetObservations_UnknownStation_NotFoundProblem()
    {
        using var response = await _http.GetAsync("/api/stations/NOPE/observations");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetActiveAlerts_RaisedRiver_Listed()
    {
        var json = await GetJsonAsync("/api/alerts/active");
        var alert = Assert.Single(json.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("W-TEST-01", "stage", "避難判断水位"),
            (alert.GetProperty("station_id").GetString(), alert.GetProperty("measure").GetString(),
                alert.GetProperty("stage_name").GetString()));
    }

    [Fact]
    public async Task PutStation_Anonymous_Refused()
    {
        using var response = await _http.PutAsync("/api/stations/R-NEW-01",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        // This bare host has no sign-in scheme (the server's JWT bearer answers 401); either way nothing is written.
        Assert.NotEqual(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM sensors.stations"));
    }
}
