using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Minato.Sensors.Alerts;
using Minato.Sensors.Derivation;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Alerts;

/// <summary>Scripted series through the stored path (PostGIS) with the clock on FakeTimeProvider.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 8, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly SensorEventHub _hub = new();
    private TestDatabase _db = null!;
    private ObservationWriter _writer = null!;
    private AlertEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Station[] stations = [TestStations.River(), TestStations.Rain(), TestStations.Radiation()];
        await TestStations.SeedAsync(_db.DataSource, stations);
        _writer = new ObservationWriter(_db.DataSource);
        _engine = new AlertEngine(_db.DataSource, new StationDirectory(stations), new AlertStore(_db.DataSource), _hub, _time,
            new AlertOptions(), NullLogger<AlertEngine>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _engine.Dispose();
        await _db.DisposeAsync();
    }

    private async Task<IReadOnlyList<AlertTransition>> FeedAsync(string stationId, params (DateTimeOffset At, double Value)[] readings)
    {
        var batch = readings.Select(r => new Reading(stationId, r.At, r.Value)).ToList();
        var result = await _writer.WriteAsync(batch, [], _time.GetUtcNow());
        _engine.OnCommitted(new CommittedBatch(result, batch, 0, _time.GetUtcNow()));
        return await _engine.ProcessPendingAsync();
    }

    [Fact]
    public async Task ProcessPending_RiverFloodHydrograph_RaisesEachStageOnceThenRecedes()
    {
        using var events = _hub.Subscribe();
        double[] levels = [0.5, 1.2, 1.9, 2.5, 3.1, 3.6, 4.2, 4.0, 3.5, 2.7, 1.8, 1.2, 0.9, 0.6, .. Enumerable.Repeat(0.5, 12)];
        var all = new List<AlertTransition>();
        for (var i = 0; i < levels.Length; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            all.AddRange(await FeedAsync("W-TEST-01", (_time.GetUtcNow(), levels[i])));
        }

        var raises = all.Where(t => t.IsRaise).Select(t => t.ToStage).ToList();
        Assert.Equal([1, 2, 3, 4], raises);
        Assert.Equal(0, all[^1].ToStage); // receded to normal after the dwell
        Assert.True(all.Where(t => !t.IsRaise).Select(t => t.ToStage)
            .SequenceEqual(all.Where(t => !t.IsRaise).Select(t => t.ToStage).OrderDescending()));
        Assert.Equal(all.Count, await _db.ScalarAsync<long>("SELECT count(*) FROM sensors.alert_history WHERE station_id = 'W-TEST-01'"));
        Assert.Equal(0, await _db.ScalarAsync<int>("SELECT stage FROM sensors.alert_states WHERE station_id = 'W-TEST-01' AND measure = " +
            "'stage'"));
        Assert.True(events.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ProcessPending_LateReading_RecomputesHourlyRain()
    {
        var t = T0.AddHours(1);
        _time.Advance(TimeSpan.FromHours(1));
        // 5 of the last 6 ten-minute increments arrive: 25 mm/h, below the 30 mm line.
        var first = await FeedAsync("R-TEST-01", (t.AddMinutes(-50), 5), (t.AddMinutes(-40), 5), (t.AddMinutes(-30), 5),
            (t.AddMinutes(-10), 5), (t, 5));
        Assert.DoesNotContain(first, x => x.Measure == Measures.Rain1h);
        // The missing 10 minutes arrive late: the hour now holds 33 mm.
        var late = await FeedAsync("R-TEST-01", (t.AddMinutes(-20), 8));
        var raised = Assert.Single(late, x => x.Measure == Measures.Rain1h);
        Assert.Equal(1, raised.ToStage);
        Assert.Equal(33, await _db.ScalarAsync<double>("SELECT (derived->>'rain_1h')::float8 FROM sensors.latest WHERE station_id = " +
            "'R-TEST-01'"));
    }

    [Fact]
    public async Task CheckOffline_SilentForThreeIntervals_FlagsOfflineThenOnlineAgain()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        await FeedAsync("D-TEST-01", (_time.GetUtcNow(), 0.05));
        Assert.Empty(await _engine.CheckOfflineAsync());

        _time.Advance(TimeSpan.FromMinutes(29)); // 29 min silent < 3 × 10 min
        Assert.DoesNotContain(await _engine.CheckOfflineAsync(), x => x.StationId == "D-TEST-01");

        _time.Advance(TimeSpan.FromMinutes(1));
        var offline = Assert.Single(await _engine.CheckOfflineAsync(), x => x.StationId == "D-TEST-01");
        Assert.Equal(("offline", 1), (offline.StageName, offline.ToStage));
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT stage FROM sensors.alert_states WHERE station_id = 'D-TEST-01' AND measure = " +
            "'offline'"));

        await FeedAsync("D-TEST-01", (_time.GetUtcNow(), 0.05));
        var online = Assert.Single(await _engine.CheckOfflineAsync(), x => x.StationId == "D-TEST-01");
        Assert.Equal(0, online.ToStage);
    }
}
