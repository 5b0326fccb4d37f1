using Npgsql;
using NpgsqlTypes;

namespace Minato.Gis.Database;

/// <summary>
/// The one place where SQL text becomes a command: on a data source, a connection or a transaction, with positional
/// values (<c>$1</c>, <c>$2</c> …; null is sent as SQL NULL, an <see cref="NpgsqlParameter"/> as it is, for an explicit type).
/// Thread-safe (stateless). Every caller passes SQL built from its own constants, quoted identifiers or catalog
/// metadata; values never enter the text.
/// </summary>
public static class Sql
{
    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static NpgsqlCommand Command(
        NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null, IEnumerable<object?>? values = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return WithValues(Create(sql, connection, transaction), values);
    }

    /// <summary>A command that takes a pooled connection from <paramref name="dataSource"/> when it runs.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, IEnumerable<object?>? values = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return WithValues(Text(dataSource.CreateCommand(), sql), values);
    }

    /// <summary>A value of an explicit type, for a value that may be null (Npgsql cannot infer the type of SQL NULL).</summary>
    public static NpgsqlParameter Typed(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    /// <summary>A command of a batch (<see cref="NpgsqlBatch"/>).</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql)
    {
        var command = new NpgsqlBatchCommand();
        return Text(command, sql);
    }

    /// <summary>Runs a statement; returns the rows it affected.</summary>
    public static async Task<int> ExecAsync(
        this NpgsqlDataSource dataSource, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(dataSource, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc cref="ExecAsync(NpgsqlDataSource, string, IEnumerable{object?}?, CancellationToken)"/>
    public static async Task<int> ExecAsync(
        this NpgsqlConnection connection, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, sql, null, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc cref="ExecAsync(NpgsqlDataSource, string, IEnumerable{object?}?, CancellationToken)"/>
    public static async Task<int> ExecAsync(
        this NpgsqlTransaction transaction, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(Connection(transaction), sql, transaction, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or null (no row, or SQL NULL).</summary>
    public static async Task<object?> ScalarAsync(
        this NpgsqlDataSource dataSource, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(dataSource, sql, values);
        return Unwrap(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <inheritdoc cref="ScalarAsync(NpgsqlDataSource, string, IEnumerable{object?}?, CancellationToken)"/>
    public static async Task<object?> ScalarAsync(
        this NpgsqlConnection connection, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, sql, null, values);
        return Unwrap(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <inheritdoc cref="ScalarAsync(NpgsqlDataSource, string, IEnumerable{object?}?, CancellationToken)"/>
    public static async Task<object?> ScalarAsync(
        this NpgsqlTransaction transaction, string sql, IEnumerable<object?>? values = null, CancellationToken cancellationToken = default)
    {
        await using var command = Command(Connection(transaction), sql, transaction, values);
        return Unwrap(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Every row, each read by <paramref name="read"/> (called once per row, on the row).</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(
        this NpgsqlDataSource dataSource, string sql, IEnumerable<object?>? values, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default)
    {
        await using var command = Command(dataSource, sql, values);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    /// <inheritdoc cref="QueryAsync{T}(NpgsqlDataSource, string, IEnumerable{object?}?, Func{NpgsqlDataReader, T}, CancellationToken)"/>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(
        this NpgsqlConnection connection, string sql, IEnumerable<object?>? values, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, sql, null, values);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    /// <inheritdoc cref="QueryAsync{T}(NpgsqlDataSource, string, IEnumerable{object?}?, Func{NpgsqlDataReader, T}, CancellationToken)"/>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(
        this NpgsqlTransaction transaction, string sql, IEnumerable<object?>? values, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default)
    {
        await using var command = Command(Connection(transaction), sql, transaction, values);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    /// <summary>
    /// Every row of a statement prepared on <paramref name="connection"/>: Npgsql keeps it across pool returns, so PostgreSQL
    /// parses and plans it once per physical connection instead of on every call — for the hot public reads
    /// (<c>./minato bench public</c> measures them).
    /// </summary>
    public static async Task<IReadOnlyList<T>> QueryPreparedAsync<T>(
        this NpgsqlConnection connection, string sql, IEnumerable<object?>? values, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, sql, null, values);
        await command.PrepareAsync(cancellationToken);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    /// <summary>
    /// Every row of <paramref name="command"/>, each read by <paramref name="read"/>: for a <c>Command</c> on a connection whose
    /// transaction may be null (a reader used both inside and outside a transaction).
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(read);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static NpgsqlCommand Create(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        Text(new NpgsqlCommand { Connection = connection, Transaction = transaction }, sql);

    // The one CA2100 suppression of the code base (CA2100 is an error in .editorconfig): every caller's SQL is its own
    // constant text, quoted identifiers or fragments chosen from its own constants; values always travel as parameters.
#pragma warning disable CA2100
    private static NpgsqlCommand Text(NpgsqlCommand command, string sql)
    {
        command.CommandText = Checked(sql);
        return command;
    }

    private static NpgsqlBatchCommand Text(NpgsqlBatchCommand command, string sql)
    {
        command.CommandText = Checked(sql);
        return command;
    }
#pragma warning restore CA2100

    private static string Checked(string sql) => string.IsNullOrWhiteSpace(sql) ? throw new ArgumentException("no SQL", nameof(sql)) : sql;

    private static NpgsqlConnection Connection(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection ?? throw new InvalidOperationException("the transaction is already completed");
    }

    private static NpgsqlCommand WithValues(NpgsqlCommand command, IEnumerable<object?>? values)
    {
        foreach (var value in values ?? [])
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static object? Unwrap(object? value) => value is DBNull ? null : value;
}
