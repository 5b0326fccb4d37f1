using System.Collections.Frozen;

namespace Minato.Sensors.Stations;

/// <summary>The known stations by id, for validation on the hot path. Thread-safe: readers see an immutable snapshot.</summary>
public sealed class StationDirectory
{
    private volatile FrozenDictionary<string, Station> _stations = FrozenDictionary<string, Station>.Empty;

    public StationDirectory()
    {
    }

    public StationDirectory(IEnumerable<Station> stations) => Replace(stations);

    public int Count => _stations.Count;

    public IEnumerable<Station> All => _stations.Values;

    public Station? Find(string id) => _stations.GetValueOrDefault(id);

    public void Replace(IEnumerable<Station> stations) =>
        _stations = stations.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);

    public async Task ReloadAsync(StationRepository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        Replace(await repository.GetAllAsync(cancellationToken));
    }
}
