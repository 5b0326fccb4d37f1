using Minato.Gis.Tiles;

namespace Minato.Gis.Tests.Tiles;

public sealed class TileCacheTests
{
    private static RenderedTile Tile(int bytes, byte seed = 1) =>
        RenderedTile.FromMvt(Enumerable.Range(0, bytes).Select(i => (byte)(i * seed)).ToArray(), compress: null);

    private static TileKey Key(string layer, int x, long version = 1) => new(layer, version, new TileCoordinate(10, x, 0));

    [Fact]
    public void Set_BeyondBound_EvictsLeastRecentlyUsed()
    {
        var one = Tile(1000);
        var cache = new TileCache(3 * one.Size + 100);
        cache.Set(Key("a", 1), one);
        cache.Set(Key("a", 2), Tile(1000));
        cache.Set(Key("a", 3), Tile(1000));
        Assert.True(cache.TryGet(Key("a", 1), out _)); // 1 is now the most recent; 2 is the oldest

        cache.Set(Key("a", 4), Tile(1000));

        Assert.False(cache.TryGet(Key("a", 2), out _));
        Assert.True(cache.TryGet(Key("a", 1), out _));
        Assert.True(cache.TryGet(Key("a", 4), out _));
        Assert.True(cache.Bytes <= cache.MaxBytes);
    }

    [Fact]
    public void Set_TileLargerThanBound_IsNotKept()
    {
        var cache = new TileCache(500);

        cache.Set(Key("a", 1), Tile(2000));

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Remove_Layers_DropsOnlyTheirTiles()
    {
        var cache = new TileCache(1 << 20);
        cache.Set(Key("shelters", 1), Tile(10));
        cache.Set(Key("aeds", 1), Tile(10));
        cache.Set(Key("roads", 1), Tile(10));

        var removed = cache.Remove(new HashSet<string>(["shelters", "aeds"]));

        Assert.Equal(2, removed);
        Assert.False(cache.TryGet(Key("shelters", 1), out _));
        Assert.True(cache.TryGet(Key("roads", 1), out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TryGet_OtherVersion_Misses()
    {
        var cache = new TileCache(1 << 20);
        cache.Set(Key("roads", 1, version: 3), Tile(10));

        Assert.False(cache.TryGet(Key("roads", 1, version: 4), out _));
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void RenderedTile_Gzip_RoundTripsAndKeepsTheETag()
    {
        var raw = Tile(5000, seed: 7).GetRaw();
        var plain = RenderedTile.FromMvt(raw, compress: null);
        var zipped = RenderedTile.FromMvt(raw, System.IO.Compression.CompressionLevel.Optimal);

        Assert.Equal(raw, zipped.GetRaw());
        Assert.Equal(plain.ETag, zipped.ETag);
        Assert.Equal(0x1f, zipped.GetGzip()[0]);
        Assert.EndsWith("-gz\"", zipped.GzipETag, StringComparison.Ordinal);
        Assert.NotEqual(plain.ETag, RenderedTile.FromMvt([.. raw, 1], compress: null).ETag);
    }

    [Fact]
    public void Combine_Parts_ConcatenatesAndSkipsEmpty()
    {
        var a = Tile(100, seed: 3);
        var b = Tile(50, seed: 5);

        var combined = RenderedTile.Combine([a, RenderedTile.Empty, b]);

        Assert.Equal([.. a.GetRaw(), .. b.GetRaw()], combined.GetRaw());
        Assert.Same(a, RenderedTile.Combine([RenderedTile.Empty, a]));
        Assert.True(RenderedTile.Combine([RenderedTile.Empty]).IsEmpty);
    }
}
