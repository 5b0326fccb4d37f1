using Npgsql;

namespace Minato.Gis.Database;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> the process uses, with the NetTopologySuite plugin.</summary>
/// <remarks>Thread-safe: the returned data source is shared by every caller.</remarks>
public static class GisDataSource
{
    /// <summary>Environment variable that holds the connection string.</summary>
    public const string ConnectionStringVariable = "MINATO_DB";

    public static NpgsqlDataSource Create(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
