using System.IO.Compression;
using Minato.Gis.Layers;

namespace Minato.Gis.Tiles;

/// <summary>
/// Serves a layer's tile: from the cache when the layer has not changed since it was rendered, else rendered by
/// <see cref="TileSource"/> (and cached, gzipped). Zooms outside the layer's <see cref="LayerDefinition.MinZoom"/>–
/// <see cref="LayerDefinition.MaxZoom"/> are empty without touching the database. Thread-safe; one instance per process.
/// </summary>
/// <param name="cache">Null disables caching (every request renders; used by the uncached benchmark).</param>
public sealed class TileService(TileSource source, LayerVersions versions, TileCache? cache)
{
    public TileCache? Cache => cache;

    /// <remarks>A cache hit completes synchronously (no allocation for the returned task).</remarks>
    public ValueTask<RenderedTile> GetAsync(LayerDefinition layer, TileCoordinate tile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (tile.Z < layer.MinZoom || tile.Z > layer.MaxZoom)
        {
            return ValueTask.FromResult(RenderedTile.Empty);
        }

        if (cache is null)
        {
            return RenderUncachedAsync(layer, tile, cancellationToken);
        }

        // The generation is read before rendering: if the layer changes while the tile renders, the tile is stored under
        // the old generation, which no later request asks for.
        var key = new TileKey(layer.Id, versions.Get(layer.ChangeKey), tile);

        // Only while change notifications arrive can a cached tile be trusted; otherwise render every time.
        if (!versions.IsLive)
        {
            return RenderOrCachedAsync(cache, key, layer, tile, cancellationToken);
        }

        return cache.TryGet(key, out var cached) ? ValueTask.FromResult(cached) : RenderAndCacheAsync(cache, key, layer, tile,
            cancellationToken);
    }

    // The listener is not connected, usually because the database is down: then nothing can change a layer either, and
    // a tile cached before is better than no map. While the database answers, the tile is rendered as usual.
    private async ValueTask<RenderedTile> RenderOrCachedAsync(TileCache store, TileKey key, LayerDefinition layer, TileCoordinate tile,
        CancellationToken cancellationToken)
    {
        try
        {
            return await RenderUncachedAsync(layer, tile, cancellationToken);
        }
        catch (Npgsql.NpgsqlException) when (store.TryGet(key, out var cached))
        {
            return cached;
        }
    }

    private async ValueTask<RenderedTile> RenderUncachedAsync(LayerDefinition layer, TileCoordinate tile,
        CancellationToken cancellationToken) =>
        RenderedTile.FromMvt(await source.RenderAsync(layer, tile, cancellationToken), compress: null);

    private async ValueTask<RenderedTile> RenderAndCacheAsync(TileCache store, TileKey key, LayerDefinition layer, TileCoordinate tile,
        CancellationToken cancellationToken)
    {
        var rendered = RenderedTile.FromMvt(await source.RenderAsync(layer, tile, cancellationToken), CompressionLevel.Optimal);
        store.Set(key, rendered);
        return rendered;
    }
}
