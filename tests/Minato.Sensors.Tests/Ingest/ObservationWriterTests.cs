using Minato.Sensors.Ingest;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Ingest;

/// <summary>
/// The batch writer against a real PostGIS: the COPY fast path, and the fall-back that drops rows stored already
/// (a redelivery or replay), so a batch with one old row still stores all its new ones exactly once.
/// </summary>
public sealed class ObservationWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 8, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_AllNew_StoresEveryRowAndTheNewestAsLatest()
    {
        await using var db = await TestDatabase.CreateAsync();
        var a = TestStations.Rain("R-W-A");
        var b = TestStations.Rain("R-W-B");
        await TestStations.SeedAsync(db.DataSource, a, b);
        var writer = new ObservationWriter(db.DataSource);

        var result = await writer.WriteAsync(
            [new(b.Id, T0.AddMinutes(20), 3), new(a.Id, T0.AddMinutes(10), 1), new(b.Id, T0, 2), new(a.Id, T0, 0.5)], [], T0.AddHours(1));

        Assert.Equal(4, result.Inserted);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(
            [new StationWrite(a.Id, 2, T0, T0.AddMinutes(10)), new StationWrite(b.Id, 2, T0, T0.AddMinutes(20))],
            result.Stations.OrderBy(s => s.StationId, StringComparer.Ordinal));
        Assert.Equal(2, await TestStations.CountAsync(db, a.Id));
        Assert.Equal(3.0, await db.ScalarAsync<double>($"SELECT value FROM sensors.latest WHERE station_id = '{b.Id}'"));
    }

    [Fact]
    public async Task WriteAsync_SomeRowsStoredAlready_StoresOnlyTheNewOnesOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var a = TestStations.Rain("R-W-C");
        await TestStations.SeedAsync(db.DataSource, a);
        var writer = new ObservationWriter(db.DataSource);
        await writer.WriteAsync([new(a.Id, T0.AddMinutes(10), 1)], [], T0);

        // One row is a redelivery of the stored one (other value: the stored row is kept), one appears twice in the batch.
        var result = await writer.WriteAsync(
            [new(a.Id, T0, 5), new(a.Id, T0.AddMinutes(10), 9), new(a.Id, T0.AddMinutes(20), 2), new(a.Id, T0.AddMinutes(20), 2)],
            [new DeadLetter("minato/v1/rain/R-W-C", "{", DeadLetterReason.Unparseable, null, T0)], T0.AddHours(1));

        Assert.Equal(2, result.Inserted);
        Assert.Equal(2, result.Duplicates);
        Assert.Equal([new StationWrite(a.Id, 2, T0, T0.AddMinutes(20))], result.Stations);
        Assert.Equal(3, await TestStations.CountAsync(db, a.Id));
        Assert.Equal(1.0, await db.ScalarAsync<double>($"SELECT value FROM sensors.observations WHERE station_id = '{a.Id}' AND " +
            $"observed_at = '{T0.AddMinutes(10):O}'"));
        Assert.Equal(2.0, await db.ScalarAsync<double>($"SELECT value FROM sensors.latest WHERE station_id = '{a.Id}'"));
        // the rolled-back attempt left none behind
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM sensors.dead_letters"));
    }

    [Fact]
    public async Task WriteAsync_OlderThanLatest_KeepsTheNewerLatest()
    {
        await using var db = await TestDatabase.CreateAsync();
        var a = TestStations.Rain("R-W-D");
        await TestStations.SeedAsync(db.DataSource, a);
        var writer = new ObservationWriter(db.DataSource);
        await writer.WriteAsync([new(a.Id, T0.AddMinutes(30), 7)], [], T0);

        var late = await writer.WriteAsync([new(a.Id, T0, 1)], [], T0.AddHours(1));

        Assert.Equal(1, late.Inserted);
        Assert.Equal(7.0, await db.ScalarAsync<double>($"SELECT value FROM sensors.latest WHERE station_id = '{a.Id}'"));
    }
}
