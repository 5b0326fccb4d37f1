using System.Collections.Concurrent;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.Http.StayFacilities;

/// <summary>
/// The station page's answers (<c>/api/stay-facilities/nearest?station=</c>), kept per (station, limit) while their inputs
/// are unchanged: the stamp — every layer's version (roads blocked or re-opened, hazard areas, facilities) and the
/// stay-facility states (row count and newest row version, <c>xmin</c>, so two writes in one clock tick still differ) — is
/// read on every request in one prepared statement, so an answer is never older than the database; a surge of people at
/// ten stations then costs one tiny read each instead of the facility list, the layer versions, the walk search and the
/// water points (<c>./minato bench public</c>). Points (<c>?lon=&amp;lat=</c>) are not kept. Thread-safe.
/// </summary>
public sealed class StationAnswers(NpgsqlDataSource db)
{
    internal const string StampSql = """
        SELECT (SELECT coalesce(string_agg(layer || '=' || version, ',' ORDER BY layer), '') FROM gis.layer_versions)
               || '|' || (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM ops.stay_facility_status)
        """;

    // At most one entry per station and limit (10 stations × 20 limits): no eviction needed.
    private readonly ConcurrentDictionary<(string Station, int Limit), (string Stamp, NearestStayFacilities Answer)> _answers = new();

    /// <summary>The inputs' stamp now.</summary>
    public async Task<string> StampAsync(CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return (await conn.QueryPreparedAsync(StampSql, null, r => r.GetString(0), cancellationToken))[0];
    }

    /// <summary>The answer kept for the station and limit under <paramref name="stamp"/>, or null.</summary>
    public NearestStayFacilities? Find(string station, int limit, string stamp) =>
        _answers.TryGetValue((station, limit), out var kept) && kept.Stamp == stamp ? kept.Answer : null;

    /// <summary>Keeps <paramref name="answer"/>, computed from inputs read no earlier than <paramref name="stamp"/>.</summary>
    public void Keep(string station, int limit, string stamp, NearestStayFacilities answer) =>
        _answers[(station, limit)] = (stamp, answer);
}
