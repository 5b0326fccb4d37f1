using System.Globalization;
using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>
/// <c>ops.callup_rules</c>: the 配備体制 rules as data. hq creates and edits them; every edit raises the version, keeps
/// the rule as it became in <c>ops.callup_rule_versions</c> and is audited (<c>callup-rule.create</c>,
/// <c>callup-rule.update</c>). A rule is never deleted (call-ups name it): it is deactivated. Thread-safe.
/// </summary>
public sealed class CallUpRuleStore(NpgsqlDataSource db, TimeProvider time)
{
    internal const string Columns =
        "id, version, name, trigger_kind, trigger_code, min_intensity, level, groups, immediate, active, updated_at, updated_by";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<CallUpRule>> ListAsync(CancellationToken cancellationToken = default) =>
        db.QueryAsync($"SELECT {Columns} FROM ops.callup_rules ORDER BY id", null, Read, cancellationToken);

    /// <summary>Every version of a rule, oldest first (the rule as JSON, when and by whom); empty when there is no such rule.</summary>
    public Task<IReadOnlyList<JsonElement>> VersionsAsync(long id, CancellationToken cancellationToken = default) =>
        db.QueryAsync(
            """
            SELECT jsonb_build_object('version', version, 'changedAt', changed_at, 'changedBy', changed_by, 'rule', rule)::text
            FROM ops.callup_rule_versions WHERE rule_id = $1 ORDER BY version
            """, [id], r => JsonDocument.Parse(r.GetString(0)).RootElement.Clone(), cancellationToken);

    public async Task<Outcome<CallUpRule>> CreateAsync(Actor actor, CallUpRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Invalid(input) is { } invalid)
        {
            return invalid;
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var rule = (await tx.QueryAsync(
            $"""
            INSERT INTO ops.callup_rules (name, trigger_kind, trigger_code, min_intensity, level, groups, immediate, active, updated_at,
              updated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {Columns}
            """, Values(input, actor), Read, cancellationToken))[0];
        await RecordAsync(tx, actor, rule, "callup-rule.create", cancellationToken);
        return Outcome<CallUpRule>.Created(rule);
    }

    public async Task<Outcome<CallUpRule>> UpdateAsync(Actor actor, long id, CallUpRuleInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Invalid(input) is { } invalid)
        {
            return invalid;
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var rows = await tx.QueryAsync(
            $"""
            UPDATE ops.callup_rules SET version = version + 1, name = $1, trigger_kind = $2, trigger_code = $3, min_intensity = $4,
              level = $5, groups = $6, immediate = $7, active = $8, updated_at = $9, updated_by = $10
            WHERE id = $11 RETURNING {Columns}
            """, [.. Values(input, actor), id], Read, cancellationToken);
        if (rows.Count == 0)
        {
            return Outcome<CallUpRule>.NotFound($"no call-up rule '{id}'");
        }

        await RecordAsync(tx, actor, rows[0], "callup-rule.update", cancellationToken);
        return Outcome<CallUpRule>.Ok(rows[0]);
    }

    private async Task RecordAsync(NpgsqlTransaction tx, Actor actor, CallUpRule rule, string action, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new
        {
            rule.Name, rule.TriggerKind, rule.TriggerCode, rule.MinIntensity, rule.Level, rule.Groups, rule.Immediate, rule.Active,
        }, Json);
        await tx.ExecAsync(
            "INSERT INTO ops.callup_rule_versions (rule_id, version, rule, changed_at, changed_by) VALUES ($1, $2, $3::jsonb, $4, $5)",
            [rule.Id, rule.Version, json, rule.UpdatedAt, rule.UpdatedBy], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit(action, "callup-rule", rule.Id.ToString(CultureInfo.InvariantCulture),
            new { version = rule.Version, rule = JsonDocument.Parse(json).RootElement }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private object?[] Values(CallUpRuleInput input, Actor actor) =>
    [
        input.Name!.Trim(), input.TriggerKind, input.TriggerCode?.Trim(), SeismicIntensity.Normalize(input.MinIntensity), input.Level,
        (input.Groups ?? []).Order(StringComparer.Ordinal).ToArray(), input.Immediate ?? false, input.Active ?? true, time.GetUtcNow(),
        actor.Identity,
    ];

    private static Outcome<CallUpRule>? Invalid(CallUpRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = input.Validate();
        return errors.Count == 0 ? null : Outcome<CallUpRule>.Invalid("the rule is not valid / 入力が不正です", errors);
    }

    internal static CallUpRule Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetFieldValue<string[]>(7),
        r.GetBoolean(8), r.GetBoolean(9), r.GetFieldValue<DateTimeOffset>(10), r.GetString(11));
}
