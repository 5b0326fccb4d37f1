using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Audit;

/// <summary>
/// Appends to <c>ops.audit_log</c>, the append-only hash chain of every write and every read of personal data. The chain
/// itself (sequence, previous hash, SHA-256) is computed by the table's trigger in PostgreSQL, so every writer — this
/// class, an importer, a hand-typed INSERT — is chained the same way; appenders serialise on the chain head row until
/// they commit, so the chain order is the commit order. Call it inside the transaction of the write it records: the
/// write and its audit row commit or roll back together.
/// </summary>
public static class AuditLog
{
    /// <summary>One audit row (the table's trigger chains its hash).</summary>
    internal const string InsertSql =
        "INSERT INTO ops.audit_log (actor, role, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends <paramref name="record"/> in <paramref name="transaction"/> and returns its sequence number.</summary>
    public static async Task<long> AppendAsync(NpgsqlTransaction transaction, AuditRecord record,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        await using var cmd = new NpgsqlCommand(InsertSql, transaction.Connection, transaction);
        cmd.Parameters.AddWithValue(record.Actor);
        cmd.Parameters.AddWithValue(record.Role);
        cmd.Parameters.AddWithValue(record.Action);
        cmd.Parameters.AddWithValue(record.Entity);
        cmd.Parameters.AddWithValue((object?)record.EntityId ?? DBNull.Value);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = JsonSerializer.Serialize(record.Details ?? new { }, Json) });
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Appends <paramref name="record"/> in a transaction of its own (for audited reads).</summary>
    public static async Task<long> AppendAsync(NpgsqlDataSource db, AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var seq = await AppendAsync(tx, record, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return seq;
    }
}
