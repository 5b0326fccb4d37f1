using Npgsql;

namespace Minato.Audit;

/// <summary>
/// Checks <c>ops.audit_log</c>: sequence numbers contiguous from 1, each row's <c>prev_hash</c> equal to the hash of the
/// row before, each row's hash equal to SHA-256 of its content (recomputed by the same SQL function the trigger uses),
/// and the chain head (<c>ops.audit_head</c>) equal to the last row. An edited row breaks its own hash; a deleted row
/// breaks the sequence and the next row's link; deleting the newest rows breaks the head. (Whoever can rewrite the table,
/// the head and every later hash can forge a chain: anchor the printed head hash outside the database to catch that.)
/// </summary>
public static class AuditVerifier
{
    /// <summary>At most this many problems are listed (a mass edit would otherwise list every row).</summary>
    public const int MaxProblems = 100;

    public static async Task<AuditVerification> VerifyAsync(NpgsqlDataSource db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var problems = new List<string>();
        long rows = 0;
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT seq, expected_seq, prev_hash = expected_prev AS linked, hash = ops.audit_hash(prev_hash, seq, at, actor, role, action,
                entity, entity_id, details) AS sound
            FROM (
                SELECT *, row_number() OVER (ORDER BY seq) AS expected_seq,
                       coalesce(lag(hash) OVER (ORDER BY seq), ops.audit_genesis()) AS expected_prev
                FROM ops.audit_log) c
            ORDER BY seq
            """, conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                var seq = reader.GetInt64(0);
                if (seq != reader.GetInt64(1))
                {
                    Add(problems, $"seq {seq}: expected seq {reader.GetInt64(1)} (a row before it was deleted or inserted out of chain)");
                }

                if (!reader.GetBoolean(2))
                {
                    Add(problems, $"seq {seq}: prev_hash does not match the previous row's hash (a row before it was removed or altered)");
                }

                if (!reader.GetBoolean(3))
                {
                    Add(problems, $"seq {seq}: hash does not match the row's content (the row was edited)");
                }
            }
        }

        long headSeq;
        string headHash;
        await using (var head = new NpgsqlCommand(
            """
            SELECT h.seq, encode(h.hash, 'hex'), l.seq, l.hash = h.hash
            FROM ops.audit_head h LEFT JOIN LATERAL (SELECT seq, hash FROM ops.audit_log ORDER BY seq DESC LIMIT 1) l ON true
            """, conn, tx))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            headSeq = reader.GetInt64(0);
            headHash = reader.GetString(1);
            var lastSeq = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
            var headMatches = reader.IsDBNull(3) ? headSeq == 0 : reader.GetBoolean(3);
            if (lastSeq != headSeq || !headMatches)
            {
                Add(problems, $"head: the chain head is seq {headSeq} but the last row is seq {lastSeq} (the newest rows were deleted or "
                    + "edited)");
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new AuditVerification(rows, headSeq, headHash, problems);
    }

    private static void Add(List<string> problems, string problem)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(problem);
        }
    }
}
