using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Decisions;

/// <summary>
/// The decision table in force and its history (<c>ops.decision_rule_sets</c>): HQ replaces the whole table, which
/// becomes the next version, audited as <c>decisions.rules.update</c>. Version 0 is the built-in
/// <see cref="DecisionRules.Default"/>. Thread-safe.
/// </summary>
public sealed class DecisionRuleStore(NpgsqlDataSource db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A version of the table.</summary>
    public sealed record RuleSet(int Version, IReadOnlyList<DecisionRule> Rules, string? Note, string CreatedBy,
        DateTimeOffset? CreatedAt);

    private static readonly RuleSet BuiltIn = new(0, DecisionRules.Default, "built-in: 避難情報に関するガイドライン", "system", null);

    /// <summary>The version in force, or <paramref name="version"/> (null when it does not exist).</summary>
    public async Task<RuleSet?> GetAsync(int? version = null, CancellationToken cancellationToken = default)
    {
        if (version == 0)
        {
            return BuiltIn;
        }

        var rows = await db.QueryAsync("""
            SELECT version, rules::text, note, created_by, created_at FROM ops.decision_rule_sets
            WHERE version = coalesce($1, (SELECT max(version) FROM ops.decision_rule_sets))
            """, [version is null ? DBNull.Value : version.Value], r => new RuleSet(r.GetInt32(0),
                JsonSerializer.Deserialize<List<DecisionRule>>(r.GetString(1), Json)!, r.IsDBNull(2) ? null : r.GetString(2),
                r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), cancellationToken);
        return rows.Count > 0 ? rows[0] : version is null ? BuiltIn : null;
    }

    /// <summary>Puts <paramref name="rules"/> in force as the next version (HQ only).</summary>
    public async Task<Outcome<RuleSet>> PutAsync(Actor actor, IReadOnlyList<DecisionRule>? rules, string? note,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsHq)
        {
            return Outcome<RuleSet>.Forbidden("only HQ edits the decision rules");
        }

        var errors = DecisionRules.Validate(rules);
        if (note is { Length: > 500 })
        {
            errors["note"] = ["note is at most 500 characters"];
        }

        if (errors.Count > 0)
        {
            return Outcome<RuleSet>.Invalid("the rule table has problems", errors);
        }

        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await tx.ExecAsync("LOCK TABLE ops.decision_rule_sets IN EXCLUSIVE MODE", cancellationToken: cancellationToken);
        var version = (int)(await tx.ScalarAsync("""
            INSERT INTO ops.decision_rule_sets (version, rules, note, created_by, created_at)
            SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4 FROM ops.decision_rule_sets RETURNING version
            """, [new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(rules, Json) },
                note is null ? DBNull.Value : note, actor.Identity, now], cancellationToken))!;
        await AuditLog.AppendAsync(tx, actor.Audit("decisions.rules.update", "decision-rules", version.ToString(
            System.Globalization.CultureInfo.InvariantCulture), new { version, rules = rules!.Count, note }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<RuleSet>.Ok(new RuleSet(version, rules, note, actor.Identity, now));
    }
}
