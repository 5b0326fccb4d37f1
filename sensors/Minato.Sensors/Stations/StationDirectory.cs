using System.Collections.Frozen;

namespace Minato.Sensors.Stations;

/// <summary>The known stations by id, for validation on the hot path. Thread-safe: readers see an immutable snapshot.</summary>
public sealed class StationDirectory
{
    private volatile FrozenDictionary<string, Station> _stations = FrozenDictionary<string, Station>.Empty;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StationDirectory()
    {
    }

    public StationDirectory(IEnumerable<Station> stations) => Replace(stations);

    public int Count => _stations.Count;

    public IEnumerable<Station> All => _stations.Values;

    public Station? Find(string id) => _stations.GetValueOrDefault(id);

    /// <summary>
    /// Completes once the stations have been loaded (the first <see cref="Replace"/>): until then every station is unknown,
    /// so the ingest and the alert engine wait for it (the server may start while the database is down).
    /// </summary>
    public Task Loaded => _loaded.Task;

    public void Replace(IEnumerable<Station> stations)
    {
        _stations = stations.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        _loaded.TrySetResult();
    }

    public async Task ReloadAsync(StationStore repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        Replace(await repository.GetAllAsync(cancellationToken));
    }
}
