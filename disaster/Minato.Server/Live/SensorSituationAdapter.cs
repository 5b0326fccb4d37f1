using System.Collections.Concurrent;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Minato.Gis.Resilience;
using Minato.Sensors.Alerts;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Npgsql;

namespace Minato.Server.Live;

/// <summary>
/// Feeds the live situation from telemetry: loads the stations, latest values and raised alerts from PostgreSQL (the
/// system of record) at start, then follows <see cref="SensorEventHub"/>. Station updates are coalesced by
/// <see cref="ChangeCoalescer"/>: a station's first update in a <see cref="SituationOptions.CoalesceIntervalMs"/>
/// interval goes out at once, later ones in it as one (the latest) at the next tick; alert changes go out at once.
/// A committed reading is shown at once (fast path, from the ingest's <see cref="MqttIngestService.Committed"/>) with
/// the station's last derived values; the derivation's update for the same observation time follows and completes them.
/// </summary>
internal sealed partial class SensorSituationAdapter(
    SensorEventHub events, SituationState state, ISituationBus bus, ChangeCoalescer coalescer, SituationOptions options,
        StationStore stations,
    AlertStore alerts,
    TimeProvider time, IServiceProvider services, ILogger<SensorSituationAdapter> logger, DatabaseReadiness? readiness = null)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, StationInfo> _stations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, double>> _derived = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the initial situation is loaded and events are followed.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe first so nothing between the load and the subscription is lost (a duplicate is harmless).
        using var subscription = events.Subscribe();
        // The server may start while the database is down: the load is retried with back-off until it succeeds.
        await ResilientLoop.RunAsync("live situation: initial load of the stations", async ct =>
        {
            if (readiness is not null)
            {
                await readiness.WaitAsync(ct); // not from a database that is still being migrated
            }

            await LoadAsync(ct);
        }, time, logger, stoppingToken);
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var ingest = services.GetService<MqttIngestService>();
        if (ingest is not null)
        {
            ingest.Committed += OnCommitted;
        }

        _ready.TrySetResult();
        var flush = options.CoalesceIntervalMs > 0 ? FlushLoopAsync(stoppingToken) : Task.CompletedTask;
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(e, stoppingToken);
                }
                catch (NpgsqlException ex)
                {
                    // Only an unknown station is looked up: the database may be down; its next event tries again.
                    LogEventFailed(e.StationId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await flush;
        if (ingest is not null)
        {
            ingest.Committed -= OnCommitted;
        }
    }

    /// <summary>The fast path: the newest committed reading per station, before derivation. Quick, never throws.</summary>
    private void OnCommitted(CommittedBatch batch)
    {
        try
        {
            var changes = new List<SituationChange>();
            foreach (var latest in batch.Readings.GroupBy(r => r.StationId).Select(g => g.MaxBy(r => r.ObservedAt)))
            {
                if (_stations.TryGetValue(latest.StationId, out var station))
                {
                    changes.Add(SensorChanges.Station(station, latest.ObservedAt, latest.Value,
                        _derived.GetValueOrDefault(latest.StationId)));
                }
            }

            // Offered as one batch: if it goes out at once, it goes as one delta per scope, not one per station.
            Offer(changes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFastPathFailed(e.Message);
        }
    }

    /// <summary>Publishes the station changes that go out at once: all without coalescing; with it, the batch if nothing
    /// went out yet in the interval (else the coalescer holds them for the tick).</summary>
    private void Offer(IReadOnlyList<SituationChange> changes)
    {
        var now = options.CoalesceIntervalMs == 0 ? changes : coalescer.Offer(changes);
        if (now.Count > 0)
        {
            bus.Publish(now);
        }
    }

    private async Task HandleAsync(SensorEvent e, CancellationToken cancellationToken)
    {
        var station = await FindAsync(e.StationId, cancellationToken);
        if (station is null)
        {
            LogUnknownStation(e.StationId);
            return;
        }

        switch (e)
        {
            case StationUpdated u:
                _derived[station.Id] = u.Derived;
                Offer([SensorChanges.Station(station, u.At, u.Value, u.Derived)]);
                break;
            case AlertChanged a:
                bus.Publish([SensorChanges.Alert(station, a.Transition)]);
                // A stage change may change the recommended 警戒レベル: the board is recomputed and pushed.
                if (services.GetService<Minato.Disaster.Decisions.DecisionBoardPublisher>() is { } decisions)
                {
                    await decisions.PublishAsync(cancellationToken);
                }

                break;
        }
    }

    private async Task FlushLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.CoalesceIntervalMs), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                bus.Publish(coalescer.Drain());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<StationInfo?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_stations.TryGetValue(id, out var s))
        {
            return s;
        }

        if (await stations.FindAsync(id, cancellationToken) is { } station)
        {
            _stations[station.Id] = Info(station);
        }

        return _stations.GetValueOrDefault(id);
    }

    private static StationInfo Info(Station s) => new(s.Id, s.Kind.ToWire(), s.NameJa, s.NameEn, s.District, s.Lon, s.Lat);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var station in await stations.GetAllAsync(cancellationToken))
        {
            _stations[station.Id] = Info(station);
        }

        var changes = new List<SituationChange>();
        foreach (var latest in await alerts.LoadLatestAsync(cancellationToken))
        {
            if (_stations.TryGetValue(latest.StationId, out var s))
            {
                changes.Add(SensorChanges.Station(s, latest.ObservedAt, latest.Value, latest.Derived));
            }
        }

        foreach (var raised in await alerts.LoadRaisedAsync(cancellationToken))
        {
            if (_stations.TryGetValue(raised.StationId, out var s))
            {
                changes.Add(SensorChanges.Alert(s, raised));
            }
        }

        // Each node loads the system of record itself; only later changes travel over the bus.
        state.Publish(changes);
        LogLoaded(_stations.Count, changes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "live situation: {Stations} stations, {Changes} initial entities")]
    private partial void LogLoaded(int stations, int changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "live situation: event of station {Station} not shown: {Error}")]
    private partial void LogEventFailed(string station, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "live situation: committed batch not shown: {Error}")]
    private partial void LogFastPathFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "live situation: event for unknown station {Station} dropped")]
    private partial void LogUnknownStation(string station);
}
