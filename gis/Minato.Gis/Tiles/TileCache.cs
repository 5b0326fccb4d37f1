namespace Minato.Gis.Tiles;

/// <summary>
/// In-process least-recently-used cache of rendered tiles, bounded by bytes. Thread-safe (one lock; every operation is
/// a dictionary lookup and a list splice, so contention stays negligible next to the HTTP work around it).
/// </summary>
public sealed class TileCache
{
    private readonly Dictionary<TileKey, LinkedListNode<Entry>> _map = new();
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();
    private long _bytes;
    private long _hits;
    private long _misses;

    /// <param name="maxBytes">Upper bound of the bytes held (tile bodies plus a small per-entry overhead).</param>
    public TileCache(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }

    public long Bytes { get { lock (_lock) { return _bytes; } } }

    public int Count { get { lock (_lock) { return _map.Count; } } }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public bool TryGet(TileKey key, out RenderedTile tile)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                tile = node.Value.Tile;
                _hits++;
                return true;
            }

            _misses++;
        }

        tile = null!;
        return false;
    }

    /// <summary>Stores a tile, evicting the least recently used ones beyond the bound. A tile larger than the bound is not kept.</summary>
    public void Set(TileKey key, RenderedTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var size = tile.Size + key.Layer.Length;
        if (size > MaxBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.Remove(key, out var old))
            {
                _lru.Remove(old);
                _bytes -= old.Value.Size;
            }

            _map[key] = _lru.AddFirst(new Entry(key, tile, size));
            _bytes += size;
            while (_bytes > MaxBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= last.Value.Size;
            }
        }
    }

    /// <summary>Drops every tile of the given layers (collection ids); returns how many were dropped.</summary>
    public int Remove(IReadOnlySet<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var removed = 0;
        lock (_lock)
        {
            for (var node = _lru.First; node is not null;)
            {
                var next = node.Next;
                if (layers.Contains(node.Value.Key.Layer))
                {
                    _lru.Remove(node);
                    _map.Remove(node.Value.Key);
                    _bytes -= node.Value.Size;
                    removed++;
                }

                node = next;
            }
        }

        return removed;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _lru.Clear();
            _bytes = 0;
        }
    }

    private sealed record Entry(TileKey Key, RenderedTile Tile, long Size);
}
