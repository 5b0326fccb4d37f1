using Microsoft.Extensions.Options;
using Minato.Audit;
using Minato.Disaster.CheckIn;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.Safety;

/// <summary>
/// 安否 inquiries: HQ and the call centre look a person up by full name or kana (of the registrant or any household member,
/// compared after <see cref="SearchText"/>), or by a part of the address (at least <see cref="MinAddressLength"/>
/// characters). Only households that consented are searched at all, so a person who did not consent and a person who does
/// not exist give the same answer. Every search is audited (<c>safety.search</c>) with the searcher and the fields the query
/// searched — never its text. The API limits searches per user (<see cref="SearchRateLimiter"/>). Thread-safe.
/// </summary>
public sealed class SafetySearch(NpgsqlDataSource db, IOptions<SafetyOptions> options)
{
    public const int MaxQueryLength = 100;
    public const int MinAddressLength = 4;

    private const string SearchSql =
        """
        SELECT e.name, e.kana, e.household_size, st.facility_id, f.name, st.is_open, st.at
        FROM ops.evacuees e
        LEFT JOIN LATERAL (SELECT k.facility_id, k.checked_out_at IS NULL AS is_open, coalesce(k.checked_out_at, k.checked_in_at) AS at
                           FROM ops.checkins k WHERE k.evacuee_id = e.id ORDER BY k.id DESC LIMIT 1) st ON true
        LEFT JOIN gis.facilities f ON f.id = st.facility_id
        WHERE e.consent
          AND (e.search_keys @> ARRAY[$1] OR ($2 AND e.search_address IS NOT NULL AND strpos(e.search_address, $1) > 0))
        ORDER BY e.id
        LIMIT $3
        """;

    /// <summary>Who may search: HQ and the call centre.</summary>
    public static bool CanSearch(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsHq || actor.Role == MinatoClaims.CallCentre;
    }

    /// <summary>
    /// The consenting households matching <paramref name="query"/>. Invalid: an empty or too long query (nothing audited);
    /// Forbidden: a role that may not search.
    /// </summary>
    public async Task<Outcome<SafetyAnswer>> SearchAsync(Actor actor, string? query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanSearch(actor))
        {
            return Outcome<SafetyAnswer>.Forbidden($"{actor.Role} may not make 安否 inquiries / 安否照会の権限がありません");
        }

        var q = SearchText.Normalize(query);
        if (q.Length == 0 || (query?.Length ?? 0) > MaxQueryLength)
        {
            return Outcome<SafetyAnswer>.Invalid("q must be a name, kana or part of an address of 1–100 characters / 検索語が不正です",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["q"] = ["1–100 characters / 1〜100文字"] });
        }

        var byAddress = q.Length >= MinAddressLength;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var matches = await tx.QueryAsync(SearchSql, [q, byAddress, options.Value.MaxResults], r => new SafetyMatch(
            r.GetString(0), r.GetString(1), r.GetInt32(2),
            r.IsDBNull(3) ? "registered" : r.GetBoolean(5) ? "checked-in" : "checked-out",
            r.IsDBNull(3) ? null : SearchText.Invariant(r.GetInt64(3)), r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6)), cancellationToken);
        // The query may itself be a name: the row names only the fields it searched and how many people it found.
        string[] fields = byAddress ? ["name", "kana", "address"] : ["name", "kana"];
        await AuditLog.AppendAsync(tx, actor.Audit("safety.search", "safety", null, new { fields, matches = matches.Count }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<SafetyAnswer>.Ok(new SafetyAnswer(matches));
    }
}
