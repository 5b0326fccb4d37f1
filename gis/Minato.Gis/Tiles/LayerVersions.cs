namespace Minato.Gis.Tiles;

/// <summary>
/// A generation number per change key of <c>gis.layer_versions</c> that moves whenever this process learns the layer
/// changed: on a notification (<see cref="Bump"/>) or when the database's version is seen to differ from the last one
/// read (<see cref="Observe"/>, the safety net for a missed notification). Tiles are cached under it, so a bump makes
/// every older tile of the layer unreachable at once. <see cref="IsLive"/> is false while the listener is not connected:
/// then nobody can tell whether a cached tile is stale, so the cache is bypassed. Thread-safe.
/// </summary>
public sealed class LayerVersions
{
    private readonly Dictionary<string, (long Generation, long Database)> _versions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private volatile bool _isLive;

    /// <summary>Whether change notifications are being received now.</summary>
    public bool IsLive
    {
        get => _isLive;
        set => _isLive = value;
    }

    /// <summary>The generation of a change key (0 until a change is seen).</summary>
    public long Get(string changeKey)
    {
        lock (_lock)
        {
            return _versions.GetValueOrDefault(changeKey).Generation;
        }
    }

    /// <summary>A notification said the layer changed.</summary>
    public void Bump(string changeKey)
    {
        lock (_lock)
        {
            var v = _versions.GetValueOrDefault(changeKey);
            _versions[changeKey] = (v.Generation + 1, v.Database);
        }
    }

    /// <summary>The database's <c>gis.layer_versions.version</c> as read now; true when it differs from the last read
    /// (the generation then moves too, even if no notification came).</summary>
    public bool Observe(string changeKey, long databaseVersion)
    {
        lock (_lock)
        {
            var found = _versions.TryGetValue(changeKey, out var v);
            if (found && v.Database == databaseVersion)
            {
                return false;
            }

            _versions[changeKey] = (v.Generation + 1, databaseVersion);
            return found;
        }
    }
}
