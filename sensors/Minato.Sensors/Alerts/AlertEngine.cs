using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Gis.Resilience;
using Minato.Sensors.Derivation;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Npgsql;

namespace Minato.Sensors.Alerts;

/// <summary>
/// Derives values and runs the alert state machines for stations that got new readings (fed by the ingest's committed
/// batches), and flags stations silent for three intervals as offline (on <see cref="TimeProvider"/>). A late reading
/// recomputes the station's current derived values and states from the stored readings. Changes are stored, then
/// published on <see cref="SensorEventHub"/>. One instance per process; its methods are not meant to run concurrently.
/// </summary>
public sealed partial class AlertEngine(
    NpgsqlDataSource dataSource, StationDirectory stations, AlertStore store, SensorEventHub hub, TimeProvider time,
    AlertOptions options, ILogger<AlertEngine> logger) : BackgroundService
{
    /// <summary>At most this many evaluation points per station per pass (a long backlog is evaluated at its newest points).</summary>
    private const int MaxPointsPerPass = 2_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _touched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastHeard = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), AlertStateMachine> _machines = [];
    private readonly Dictionary<string, DateTimeOffset> _lastEvaluated = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _startedAt;
    private bool _loaded;

    /// <summary>Hook for the ingest's <see cref="MqttIngestService.Committed"/> event: remembers which stations to recompute.</summary>
    public void OnCommitted(CommittedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var s in batch.Result.Stations)
        {
            _touched.AddOrUpdate(s.StationId, s.From, (_, old) => old < s.From ? old : s.From);
            _lastHeard[s.StationId] = batch.CommittedAt;
        }

        if (batch.Result.Stations.Count > 0 && _signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>Loads the stored states (once) so a restart does not raise again what is already raised.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return;
        }

        _startedAt = time.GetUtcNow();
        var saved = await store.LoadAsync(cancellationToken);
        foreach (var station in stations.All)
        {
            foreach (var rule in AlertRules.For(station, TimeSpan.FromMinutes(options.MinDwellMinutes)).Append(AlertRules.Offline))
            {
                var (stage, since) = saved.TryGetValue((station.Id, rule.Measure), out var s) ? s : (0, (DateTimeOffset?)null);
                _machines[(station.Id, rule.Measure)] = new AlertStateMachine(station.Id, rule, stage, since);
            }
        }

        _loaded = true;
    }

    /// <summary>Recomputes every station touched since the last call. Returns the transitions made.</summary>
    public async Task<IReadOnlyList<AlertTransition>> ProcessPendingAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        var all = new List<AlertTransition>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var id in _touched.Keys.ToArray())
            {
                if (_touched.TryRemove(id, out var from) && stations.Find(id) is { } station)
                {
                    try
                    {
                        all.AddRange(await ProcessStationAsync(station, from, cancellationToken));
                    }
                    catch
                    {
                        // Not lost: the station is recomputed on the next pass.
                        _touched.AddOrUpdate(id, from, (_, old) => old < from ? old : from);
                        throw;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return all;
    }

    /// <summary>Flags stations silent for <see cref="AlertOptions.OfflineIntervals"/> intervals as offline, and back online. Returns the
    /// transitions.</summary>
    public async Task<IReadOnlyList<AlertTransition>> CheckOfflineAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        var now = time.GetUtcNow();
        var changes = new List<AlertTransition>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var station in stations.All)
            {
                var heard = _lastHeard.TryGetValue(station.Id, out var h) && h > _startedAt ? h : _startedAt;
                var silent = now - heard >= station.Interval * options.OfflineIntervals;
                if (Machine(station, AlertRules.Offline).Evaluate(silent ? 1 : 0, now) is { } t)
                {
                    changes.Add(t);
                }
            }

            if (changes.Count > 0)
            {
                await store.SaveAsync(changes, null, null, now, now, cancellationToken);
                foreach (var t in changes)
                {
                    LogTransition(t.StationId, t.Measure, t.FromStage, t.ToStage, t.StageName);
                    hub.Publish(new AlertChanged(t));
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return changes;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("alert engine", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        // Machines are built from the directory and the stored states: not before the stations are known.
        await stations.Loaded.WaitAsync(stoppingToken);
        var nextCheck = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProcessPendingAsync(stoppingToken);
                if (time.GetUtcNow() >= nextCheck)
                {
                    await CheckOfflineAsync(stoppingToken);
                    nextCheck = time.GetUtcNow().AddSeconds(options.CheckSeconds);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down: the touched stations are retried on the next pass.
                LogFailed(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }

            await _signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    private AlertStateMachine Machine(Station station, AlertRule rule)
    {
        if (!_machines.TryGetValue((station.Id, rule.Measure), out var m))
        {
            m = new AlertStateMachine(station.Id, rule);
            _machines[(station.Id, rule.Measure)] = m;
        }

        return m;
    }

    private async Task<IReadOnlyList<AlertTransition>> ProcessStationAsync(Station station, DateTimeOffset from,
        CancellationToken cancellationToken)
    {
        var observations = await LoadAsync(station.Id, from - Deriver.Lookback, cancellationToken);
        if (observations.Count == 0)
        {
            _touched.AddOrUpdate(station.Id, from, (_, old) => old < from ? old : from);
            return [];
        }

        var latest = observations[^1];
        var lastEvaluated = _lastEvaluated.TryGetValue(station.Id, out var le) ? le : DateTimeOffset.MinValue;
        // New points in time order; a late reading (older than what was evaluated) recomputes the current state only.
        var points = observations.Where(o => o.At >= from && o.At > lastEvaluated).Select(o => o.At).TakeLast(MaxPointsPerPass).ToList();
        if (points.Count == 0 || points[^1] != latest.At)
        {
            points.Add(latest.At);
        }

        var rules = AlertRules.For(station, TimeSpan.FromMinutes(options.MinDwellMinutes));
        var transitions = new List<AlertTransition>();
        IReadOnlyDictionary<string, double> derived = new Dictionary<string, double>();
        foreach (var at in points)
        {
            derived = Deriver.Compute(station.Kind, observations, at);
            foreach (var rule in rules)
            {
                if (derived.TryGetValue(rule.Measure, out var value) && Machine(station, rule).Evaluate(value, at) is { } t)
                {
                    transitions.Add(t);
                }
            }
        }

        _lastEvaluated[station.Id] = latest.At > lastEvaluated ? latest.At : lastEvaluated;
        var now = time.GetUtcNow();
        await store.SaveAsync(transitions, station.Id, derived, latest.At, now, cancellationToken);
        foreach (var t in transitions)
        {
            LogTransition(t.StationId, t.Measure, t.FromStage, t.ToStage, t.StageName);
            hub.Publish(new AlertChanged(t));
        }

        hub.Publish(new StationUpdated(station.Id, latest.At, latest.Value, derived));

        return transitions;
    }

    private async Task<IReadOnlyList<Observation>> LoadAsync(string stationId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT observed_at, value FROM sensors.observations WHERE station_id = $1 AND observed_at > $2 ORDER BY observed_at");
        cmd.Parameters.AddWithValue(stationId);
        cmd.Parameters.AddWithValue(from.UtcDateTime);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<Observation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Observation(reader.GetFieldValue<DateTimeOffset>(0), reader.GetDouble(1)));
        }

        return list;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "alert {Station} {Measure}: stage {From} → {To} ({Name})")]
    private partial void LogTransition(string station, string measure, int from, int to, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert engine pass failed, will retry: {Error}")]
    private partial void LogFailed(string error);
}
