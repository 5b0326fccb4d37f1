using Npgsql;
using NpgsqlTypes;

namespace Minato.Gis.Features;

/// <summary>SQL text with positional parameters (<c>$1</c>, <c>$2</c> …) and their values, in order.</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<SqlValue> Parameters)
{
    /// <summary>A new batch command (fresh parameter objects, so a statement can be reused).</summary>
    public NpgsqlBatchCommand ToBatchCommand()
    {
        // The text is assembled from quoted identifiers and code-owned fragments; every value is a parameter.
        var command = Database.Sql.BatchCommand(Sql);
        foreach (var p in Parameters)
        {
            command.Parameters.Add(p.ToParameter());
        }

        return command;
    }

    public NpgsqlCommand ToCommand(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var command = Database.Sql.Command(dataSource, Sql);
        foreach (var p in Parameters)
        {
            command.Parameters.Add(p.ToParameter());
        }

        return command;
    }
}

/// <summary>One parameter value and its PostgreSQL type.</summary>
/// <remarks><see cref="NpgsqlDbType.Unknown"/> sends text that PostgreSQL casts to the column's own type.</remarks>
public sealed record SqlValue(object Value, NpgsqlDbType Type)
{
    public NpgsqlParameter ToParameter() => new() { Value = Value, NpgsqlDbType = Type };
}
