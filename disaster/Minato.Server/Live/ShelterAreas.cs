using System.Collections.Concurrent;
using Npgsql;

namespace Minato.Server.Live;

/// <summary>The district each evacuation centre lies in (for "alerts for its area"), from PostGIS; cached. Thread-safe.</summary>
internal sealed class ShelterAreas(NpgsqlDataSource db)
{
    private readonly ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);

    /// <summary>The district id of facility <paramref name="shelterId"/>, or null (unknown shelter, or outside every district).</summary>
    public async Task<string?> DistrictOfAsync(string shelterId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(shelterId, out var cached))
        {
            return cached;
        }

        if (!long.TryParse(shelterId, out var id))
        {
            return null;
        }

        await using var cmd = db.CreateCommand(
            "SELECT d.id FROM gis.facilities f JOIN gis.districts d ON ST_Intersects(d.geom, f.geom) " +
            "WHERE f.id = $1 ORDER BY d.id LIMIT 1");
        cmd.Parameters.AddWithValue(id);
        var district = await cmd.ExecuteScalarAsync(cancellationToken) as string;
        _cache[shelterId] = district;
        return district;
    }
}
