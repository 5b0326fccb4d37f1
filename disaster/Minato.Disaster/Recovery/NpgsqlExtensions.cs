using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Recovery;

/// <summary>Typed parameters that may be null (Npgsql cannot infer the type of DBNull).</summary>
internal static class NpgsqlExtensions
{
    public static NpgsqlCommand With(this NpgsqlCommand cmd, NpgsqlDbType type, object? value)
    {
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
        return cmd;
    }

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null
        : reader.GetString(ordinal);

    public static long? GetNullableInt64(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(
        ordinal);

    public static DateTimeOffset GetUtc(this NpgsqlDataReader reader, int ordinal) => new(reader.GetDateTime(ordinal), TimeSpan.Zero);

    public static DateTimeOffset? GetNullableUtc(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null
        : reader.GetUtc(ordinal);

    /// <summary>A numeric without trailing zeros (42.50 → 42.5), as people write ratios.</summary>
    public static decimal GetPlainDecimal(this NpgsqlDataReader reader, int ordinal) => reader.GetDecimal(
        ordinal) / 1.000000000000000000000000000000000m;
}
