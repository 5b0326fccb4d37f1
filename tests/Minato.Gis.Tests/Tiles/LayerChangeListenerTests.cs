using Microsoft.Extensions.Logging.Abstractions;
using Minato.Gis.Layers;
using Minato.Gis.Tiles;
using Minato.Testing;

namespace Minato.Gis.Tests.Tiles;

/// <summary>The cache follows the database: LISTEN/NOTIFY from the migration's triggers, and the resync safety net.</summary>
public sealed class LayerChangeListenerTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly LayerCatalog _catalog = new(LayerCatalog.Core);

    private sealed record Running(TileService Service, TileCache Cache, LayerVersions Versions, LayerChangeListener Listener,
        CancellationTokenSource Stop, Task Loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Loop.WaitAsync(Deadline);
            }
            catch (OperationCanceledException)
            {
                // A stop during a back-off delay surfaces as cancellation; either way the loop has ended.
            }

            Assert.False(Versions.IsLive);
            Stop.Dispose();
        }
    }

    private async Task<Running> StartAsync(TimeSpan? resync = null)
    {
        var versions = new LayerVersions();
        var cache = new TileCache(16 << 20);
        var listener = new LayerChangeListener(fixture.DataSource, _catalog, versions, cache, TimeProvider.System,
            NullLogger<LayerChangeListener>.Instance) { ResyncInterval = resync ?? TimeSpan.FromSeconds(30) };
        var stop = new CancellationTokenSource();
        var loop = Task.Run(() => listener.RunAsync(stop.Token));
        await Wait.UntilAsync(() =>
        {
            Assert.False(loop.IsCompleted, "listener stopped: " + loop.Exception);
            return versions.IsLive;
        }, Deadline, "the listener to connect");

        return new Running(new TileService(new TileSource(fixture.DataSource, _catalog), versions, cache), cache, versions,
            listener, stop, loop);
    }

    private static Task<string> NextInvalidation(LayerChangeListener listener, string changeKey)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Invalidated += key =>
        {
            if (key == changeKey)
            {
                tcs.TrySetResult(key);
            }
        };
        return tcs.Task;
    }

    private static string Shelter(string id, double lon) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"INSERT INTO gis.facilities (kind, source, source_id, name, geom) VALUES ('shelter', 'test', '{id}', '避難所 {id}', " +
        $"ST_SetSRID(ST_Point({lon}, 35.6450), 6668))");

    [Fact]
    public async Task GetAsync_RowAdded_NextTileHasIt()
    {
        await using var run = await StartAsync();
        var setUp = NextInvalidation(run.Listener, "facilities");
        await fixture.Database.ExecuteAsync(Shelter("n1", 139.7300));
        await setUp.WaitAsync(Deadline);
        var tile = TileCoordinate.FromLonLat(139.7300, 35.6450, 16);
        var layer = _catalog.Find("shelters")!;
        var before = await run.Service.GetAsync(layer, tile);
        Assert.Same(before, await run.Service.GetAsync(layer, tile)); // served from the cache
        var changed = NextInvalidation(run.Listener, "facilities");

        await fixture.Database.ExecuteAsync(Shelter("n2", 139.7301));
        await changed.WaitAsync(Deadline);
        var after = await run.Service.GetAsync(layer, tile);

        Assert.Single(Mvt.Decode(before.GetRaw(), tile).Layers[0].Features);
        Assert.Equal(2, Mvt.Decode(after.GetRaw(), tile).Layers[0].Features.Count);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task GetAsync_OtherLayerChanged_CachedTileKept()
    {
        await using var run = await StartAsync();
        var setUp = NextInvalidation(run.Listener, "facilities");
        await fixture.Database.ExecuteAsync(Shelter("k1", 139.7200));
        await setUp.WaitAsync(Deadline);
        var tile = TileCoordinate.FromLonLat(139.7200, 35.6450, 16);
        var layer = _catalog.Find("shelters")!;
        var first = await run.Service.GetAsync(layer, tile);
        var changed = NextInvalidation(run.Listener, "borings");

        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.borings (source, source_id, total_depth_m, geom) VALUES ('test', 'x1', 5, ST_SetSRID(ST_Point(139.75, " +
                "35.65), 6668))");
        await changed.WaitAsync(Deadline);

        Assert.Same(first, await run.Service.GetAsync(layer, tile));
    }

    [Fact]
    public async Task Resync_VersionMovedWithoutNotification_DropsTheLayer()
    {
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.roads (source, source_id, road_class, geom) VALUES ('test', 'rs1', 'service', " +
            "ST_SetSRID(ST_MakeLine(ST_Point(139.71, 35.66), ST_Point(139.711, 35.661)), 6668))");
        await using var run = await StartAsync(resync: TimeSpan.FromMilliseconds(200));
        var before = run.Versions.Get("roads");
        var dropped = NextInvalidation(run.Listener, "roads");

        // No trigger on gis.layer_versions: this changes the number without a notification, like a lost one.
        await fixture.Database.ExecuteAsync("UPDATE gis.layer_versions SET version = version + 100 WHERE layer = 'roads'");
        await dropped.WaitAsync(Deadline);

        Assert.NotEqual(before, run.Versions.Get("roads"));
    }

    [Fact]
    public async Task GetAsync_ListenerNotConnected_BypassesCache()
    {
        var versions = new LayerVersions();
        var cache = new TileCache(1 << 20);
        var service = new TileService(new TileSource(fixture.DataSource, _catalog), versions, cache);

        await service.GetAsync(_catalog.Find("roads")!, new TileCoordinate(14, 14551, 6452));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task GetAsync_OutsideLayerZooms_EmptyWithoutQuery()
    {
        var service = new TileService(new TileSource(fixture.DataSource, _catalog), new LayerVersions(), null);

        var tile = await service.GetAsync(_catalog.Find("shelters")!, new TileCoordinate(5, 28, 12));

        Assert.True(tile.IsEmpty);
    }
}
