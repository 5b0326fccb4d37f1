using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace Minato.Gis.Database;

/// <summary>Applies the plain SQL migrations of <c>data/migrations</c> in name order (DbUp, journal
/// <c>public.schemaversions</c>).</summary>
/// <remarks>Re-running is harmless: applied scripts are recorded and skipped.</remarks>
public static class DatabaseMigrator
{
    /// <summary>The folder beside the binaries that holds the SQL files (copied there by the build).</summary>
    public static string DefaultScriptsFolder => Path.Combine(AppContext.BaseDirectory, "migrations");

    public static MigrationResult Migrate(string connectionString, ILogger? logger = null, string? scriptsFolder = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var folder = scriptsFolder ?? DefaultScriptsFolder;
        if (!Directory.Exists(folder))
        {
            return new MigrationResult(false, [], $"migrations folder not found: {folder}");
        }

        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsFromFileSystem(folder)
            .WithTransactionPerScript()
            .JournalToPostgresqlTable("public", "schemaversions")
            .LogToNowhere()
            .Build();
        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        var applied = result.Scripts.Select(s => s.Name).ToArray();
        foreach (var name in applied)
        {
            logger?.LogInformation("applied migration {Script}", name);
        }

        if (result.Successful)
        {
            return new MigrationResult(true, applied, null);
        }

        var error = result.ErrorScript is null ? result.Error?.Message : $"{result.ErrorScript.Name}: {result.Error?.Message}";
        return new MigrationResult(false, applied, error, IsTransient(result.Error));
    }

    /// <summary>The database could not be reached (down, restarting, a network cut): worth another try, unlike a failed script.</summary>
    public static bool IsTransient(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a migration run applied, or why it stopped; <paramref name="Transient"/>: the database was unreachable.</summary>
public sealed record MigrationResult(bool Succeeded, IReadOnlyList<string> Applied, string? Error, bool Transient = false);
