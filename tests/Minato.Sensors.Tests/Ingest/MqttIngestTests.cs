using System.Collections.Concurrent;
using Minato.Sensors.Ingest;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Ingest;

/// <summary>Delivery guarantees against a real Mosquitto and a real PostGIS: nothing lost, nothing duplicated.</summary>
[Trait("Category", "Slow")]
public sealed class MqttIngestTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ingest_SameReadingPublishedTwice_StoresOneRow()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.Rain();
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        await using var ingest = new IngestHarness(db.ConnectionString, broker.Port, [station]);
        await ingest.StartAsync();
        await using var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, MosquittoBroker.StationPassword(station.Id));

        var at = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 600 * 600).AddMinutes(-20);
        var payload = StationPublisher.Senml(station.Id, "rain", "mm", at, 2.5);
        await pub.PublishAsync($"minato/v1/rain/{station.Id}", payload);
        await pub.PublishAsync($"minato/v1/rain/{station.Id}", payload);
        await pub.PublishAsync($"minato/v1/rain/{station.Id}", StationPublisher.Senml(station.Id, "rain", "mm", at.AddMinutes(10), 1.0));

        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 2, Deadline, "2 rows");
        await Wait.UntilAsync(() => ingest.Service.Buffered == 0 && ingest.Metrics.StoredTotal == 2, Deadline,
            "the third message to be processed");
        Assert.Equal(2, await TestStations.CountAsync(db, station.Id));
        Assert.Equal(1.0, await db.ScalarAsync<double>($"SELECT value FROM sensors.latest WHERE station_id = '{station.Id}'"));
    }

    [Fact]
    public async Task Ingest_StoppedAndRestartedMidStream_LosesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.River();
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        var clientId = "ingest-restart-" + Guid.NewGuid().ToString("N")[..6];
        var first = new IngestHarness(db.ConnectionString, broker.Port, [station], o => o.ClientId = clientId);
        await first.StartAsync();
        await using var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, MosquittoBroker.StationPassword(station.Id));

        const int total = 1_500;
        var start = TimeProvider.System.GetUtcNow().AddDays(-5);
        for (var i = 0; i < total; i++)
        {
            await pub.PublishAsync($"minato/v1/river/{station.Id}",
                StationPublisher.Senml(station.Id, "level", "m", start.AddMinutes(i), 0.2 + (i % 50) / 100.0));
            if (i == 500)
            {
                await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) > 100, Deadline,
                    "some rows before the stop");
                await first.DisposeAsync(); // mid-stream: what it buffered is not acknowledged and comes back
            }
        }

        await using var second = new IngestHarness(db.ConnectionString, broker.Port, [station], o => o.ClientId = clientId);
        await second.StartAsync();
        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == total, Deadline, $"{total} rows");
        Assert.Equal(total, await db.ScalarAsync<long>(
            $"SELECT count(DISTINCT observed_at) FROM sensors.observations WHERE station_id = '{station.Id}'"));
    }

    // Acknowledgements are gathered and written together (AckCoalescingChannel), and a stop lets the batches that committed
    // be acknowledged first: after a graceful stop the resumed session holds nothing to redeliver. If a PUBACK were lost,
    // Mosquitto would resend its message on the next session before the new one.
    [Fact]
    public async Task Ingest_CommittedThenStopped_NothingRedeliveredToTheNextSession()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.Rain("R-TEST-04");
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        var clientId = "ingest-acks-" + Guid.NewGuid().ToString("N")[..6];
        await using var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, MosquittoBroker.StationPassword(station.Id));
        var topic = $"minato/v1/rain/{station.Id}";
        var start = TimeProvider.System.GetUtcNow().AddDays(-5);
        await using (var first = new IngestHarness(db.ConnectionString, broker.Port, [station], o => o.ClientId = clientId))
        {
            await first.StartAsync();
            for (var i = 0; i < 300; i++)
            {
                await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "mm", start.AddMinutes(10 * i), i % 5));
            }

            await Wait.UntilAsync(() => first.Metrics.StoredTotal == 300, Deadline, "300 readings committed");
            await first.StopAsync();
        }

        await using var second = new IngestHarness(db.ConnectionString, broker.Port, [station], o => o.ClientId = clientId);
        var received = new ConcurrentQueue<Reading>();
        second.Service.Committed += b =>
        {
            foreach (var r in b.Readings)
            {
                received.Enqueue(r);
            }
        };
        await second.StartAsync();
        await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "mm", start.AddMinutes(10 * 300), 1));

        await Wait.UntilAsync(() => second.Metrics.StoredTotal == 1, Deadline, "the new reading");
        Assert.Equal([start.AddMinutes(10 * 300).ToUnixTimeMilliseconds()], received.Select(r => r.ObservedAt.ToUnixTimeMilliseconds()));
        Assert.Equal(301, await TestStations.CountAsync(db, station.Id));
    }

    // The session survives the broker restart (persistence on): readings published after it arrive on the resumed
    // session and are all stored. The 1300 readings are 10 minutes apart and all in the past (start 10 days ago):
    // an earlier version started 3 days ago, so readings from #433 on were "future_time" dead letters, which looked
    // like a stall after ~133 messages although the broker had delivered and been acknowledged for all of them.
    [Fact]
    public async Task Ingest_BrokerRestarted_ReconnectsAndStoresEverything()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.Rain("R-TEST-02");
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        await using var ingest = new IngestHarness(db.ConnectionString, broker.Port, [station]);
        await ingest.StartAsync();
        var start = TimeProvider.System.GetUtcNow().AddDays(-10);
        var password = MosquittoBroker.StationPassword(station.Id);

        await using (var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, password))
        {
            for (var i = 0; i < 300; i++)
            {
                await pub.PublishAsync($"minato/v1/rain/{station.Id}",
                    StationPublisher.Senml(station.Id, "rain", "mm", start.AddMinutes(10 * i), 0.5));
            }
        }

        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 300, Deadline, "300 rows before the restart");
        await broker.RestartAsync();
        var codes = new Dictionary<string, int>();
        await Wait.UntilAsync(() => ingest.Service.Connections >= 2 && ingest.Service.IsConnected, Deadline, "the ingest to reconnect");
        await using (var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, password))
        {
            for (var i = 300; i < 1300; i++)
            {
                var r = await pub.PublishAsync($"minato/v1/rain/{station.Id}",
                    StationPublisher.Senml(station.Id, "rain", "mm", start.AddMinutes(10 * i), 0.5));
                codes[r.ReasonCode.ToString()] = codes.GetValueOrDefault(r.ReasonCode.ToString()) + 1;
            }
        }

        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 1300, Deadline, "1300 rows",
            async () => $"codes {string.Join(",", codes)} have {await TestStations.CountAsync(db, station.Id)} (first half " +
                $"{await db.ScalarAsync<long>($"SELECT count(*) FROM sensors.observations WHERE station_id = '{station.Id}' " +
                    $"AND observed_at < '{start.AddMinutes(3000):O}'")}), connected {ingest.Service.IsConnected}, " +
                $"connections {ingest.Service.Connections}, buffered {ingest.Service.Buffered}, stored {ingest.Metrics.StoredTotal}, " +
                $"dead letters {ingest.Metrics.DeadLetterTotal}, broker log {broker.ReadLog()}");
        Assert.Equal(0, ingest.Metrics.DeadLetterTotal);
        Assert.Equal(1300, await db.ScalarAsync<long>(
            $"SELECT count(DISTINCT observed_at) FROM sensors.observations WHERE station_id = '{station.Id}'"));
    }

    [Fact]
    public async Task Ingest_DatabaseOutageOfTenSeconds_BuffersWithinBoundThenWritesAll()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.Radiation();
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = new TcpProxy(pg.Host!, pg.Port);
        var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port,
            Timeout = 3 }.ConnectionString;
        await using var ingest = new IngestHarness(viaProxy, broker.Port, [station], o =>
        {
            o.BufferCapacity = 200;
            o.ReceiveMaximum = 100;
            o.BatchSize = 50;
        });
        await ingest.StartAsync();
        await using var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, MosquittoBroker.StationPassword(station.Id));
        var start = TimeProvider.System.GetUtcNow().AddDays(-2);
        var topic = $"minato/v1/radiation/{station.Id}";

        for (var i = 0; i < 100; i++)
        {
            await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "dose_rate", "uSv/h", start.AddSeconds(i), 0.05));
        }

        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 100, Deadline, "100 rows before the outage");
        proxy.Cut(refuseNew: true);
        var outage = Task.Delay(TimeSpan.FromSeconds(10));
        const int duringOutage = 2_000;
        var maxBuffered = 0;
        for (var i = 100; i < 100 + duringOutage; i++)
        {
            await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "dose_rate", "uSv/h", start.AddSeconds(i), 0.05));
            maxBuffered = Math.Max(maxBuffered, ingest.Service.Buffered);
        }

        while (!outage.IsCompleted)
        {
            maxBuffered = Math.Max(maxBuffered, ingest.Service.Buffered);
            await Task.WhenAny(outage, Task.Delay(50));
        }

        Assert.Equal(100, await TestStations.CountAsync(db, station.Id)); // nothing could be written …
        Assert.InRange(maxBuffered, 1, ingest.Options.BufferCapacity); // … and memory stayed bounded: the broker held the rest
        proxy.Restore();

        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 100 + duringOutage, Deadline,
            "every reading after the outage",
            async () => $"have {await TestStations.CountAsync(db, station.Id)}, buffered {ingest.Service.Buffered}, connected " +
                $"{ingest.Service.IsConnected}");
        // The metric is counted after the commit that made the rows visible: wait for it too, then it must be exact.
        await Wait.UntilAsync(() => ingest.Metrics.StoredTotal >= 100 + duringOutage, Deadline, "the stored-readings metric");
        Assert.Equal(100 + duringOutage, ingest.Metrics.StoredTotal);
    }

    [Fact]
    public async Task Ingest_BadMessages_GoToDeadLettersAndIngestContinues()
    {
        await using var db = await TestDatabase.CreateAsync();
        var station = TestStations.Rain("R-TEST-03");
        await TestStations.SeedAsync(db.DataSource, station);
        await using var broker = await MosquittoBroker.StartAsync([station.Id]);
        await using var ingest = new IngestHarness(db.ConnectionString, broker.Port, [station]);
        await ingest.StartAsync();
        await using var pub = await StationPublisher.ConnectAsync(broker.Port, station.Id, MosquittoBroker.StationPassword(station.Id));
        var topic = $"minato/v1/rain/{station.Id}";
        var now = TimeProvider.System.GetUtcNow();

        await pub.PublishAsync(topic, "{not json");
        await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "in", now, 1));
        await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "mm", now.AddDays(2), 1));
        await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "mm", now, -4));
        await pub.PublishAsync(topic, StationPublisher.Senml("R-OTHER", "rain", "mm", now, 1));
        await pub.PublishAsync(topic, StationPublisher.Senml(station.Id, "rain", "mm", now.AddMinutes(-10), 3));

        await Wait.UntilAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM sensors.dead_letters") == 5, Deadline,
            "5 dead letters");
        await Wait.UntilAsync(async () => await TestStations.CountAsync(db, station.Id) == 1, Deadline, "the good reading");
        // Batches are written concurrently (ids follow commit order); received_at is taken per batch in arrival order.
        var reasons = await db.ScalarAsync<string>("SELECT string_agg(reason, ',' ORDER BY received_at, id) FROM sensors.dead_letters");
        Assert.Equal(
            string.Join(',', DeadLetterReason.Unparseable, DeadLetterReason.WrongUnit, DeadLetterReason.FutureTime,
                DeadLetterReason.ImpossibleValue, DeadLetterReason.StationMismatch),
            reasons);
        Assert.Equal(topic, await db.ScalarAsync<string>("SELECT min(topic) FROM sensors.dead_letters"));
        Assert.Equal(5, ingest.Metrics.DeadLetterTotal);
    }
}
