using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Idempotency;

/// <summary>
/// Exactly-once writes for retried requests (<c>ops.idempotency</c>). Inside the transaction of the write:
/// <see cref="ClaimAsync"/> first, then, when <see cref="IdempotencyOutcome.Claimed"/>, the write and
/// <see cref="CompleteAsync"/> with the response; commit. The claim row is the lock: a concurrent request with the same
/// key waits on it until this transaction ends, then replays the committed response (or, after a rollback, claims the
/// key itself). So ten parallel identical requests make one write and ten identical answers. Thread-safe.
/// </summary>
public sealed class IdempotencyStore(TimeProvider time, IdempotencyOptions options)
{
    /// <summary>SHA-256 over the parts of a request's content (each part length-prefixed, so parts cannot shift).</summary>
    public static byte[] Hash(IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var part in parts)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, part.Length);
            hash.AppendData(length);
            hash.AppendData(part.Span);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Claims <paramref name="key"/> for this transaction, or finds its first result.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(
        NpgsqlTransaction transaction, IdempotencyKey key, byte[] requestHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(requestHash);
        var now = time.GetUtcNow();
        // An expired row is taken over (the conflict's WHERE); a live one is left alone and no row is returned.
        await using (var claim = new NpgsqlCommand(
            """
            INSERT INTO ops.idempotency AS i (scope, actor, key, request_hash, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (scope, actor, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, status_code = NULL, location = NULL, response = NULL,
                    created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                WHERE i.expires_at <= EXCLUDED.created_at
            RETURNING true
            """, transaction.Connection, transaction))
        {
            AddKey(claim, key);
            claim.Parameters.AddWithValue(requestHash);
            claim.Parameters.AddWithValue(now);
            claim.Parameters.AddWithValue(now.AddHours(options.RetentionHours));
            if (await claim.ExecuteScalarAsync(cancellationToken) is true)
            {
                return IdempotencyClaim.Claimed;
            }
        }

        await using var read = new NpgsqlCommand(
            "SELECT request_hash, status_code, location, response FROM ops.idempotency WHERE scope = $1 AND actor = $2 AND key = $3",
            transaction.Connection, transaction);
        AddKey(read, key);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("idempotency row vanished between claim and read");
        }

        var storedHash = reader.GetFieldValue<byte[]>(0);
        if (!CryptographicOperations.FixedTimeEquals(storedHash, requestHash))
        {
            return IdempotencyClaim.Mismatch;
        }

        if (reader.IsDBNull(1))
        {
            // Completed rows always carry a status; an incomplete one can only be seen by its own transaction.
            throw new InvalidOperationException("idempotency row without a stored response");
        }

        return IdempotencyClaim.Replay(new StoredResponse(
            reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3)));
    }

    /// <summary>Stores the response of a claimed key; it commits with the write.</summary>
    public async Task CompleteAsync(NpgsqlTransaction transaction, IdempotencyKey key, StoredResponse response,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(response);
        await using var cmd = new NpgsqlCommand(
            "UPDATE ops.idempotency SET status_code = $4, location = $5, response = $6 WHERE scope = $1 AND actor = $2 AND key = $3",
            transaction.Connection, transaction);
        AddKey(cmd, key);
        cmd.Parameters.AddWithValue(response.StatusCode);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)response.Location ?? DBNull.Value);
        cmd.Parameters.AddWithValue(response.Body);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"idempotency key {key.Scope}/{key.Key} was not claimed in this transaction");
        }
    }

    /// <summary>Deletes expired keys; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var cmd = dataSource.CreateCommand("DELETE FROM ops.idempotency WHERE expires_at <= $1");
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddKey(NpgsqlCommand cmd, IdempotencyKey key)
    {
        cmd.Parameters.AddWithValue(key.Scope);
        cmd.Parameters.AddWithValue(key.Actor);
        cmd.Parameters.AddWithValue(key.Key);
    }
}
