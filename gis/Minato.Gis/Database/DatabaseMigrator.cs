using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace Minato.Gis.Database;

/// <summary>Applies the plain SQL migrations of <c>data/migrations</c> in name order (DbUp, journal <c>public.schemaversions</c>).</summary>
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

        return result.Successful
            ? new MigrationResult(true, applied, null)
            : new MigrationResult(false, applied, $"{result.ErrorScript?.Name}: {result.Error?.Message}");
    }
}

/// <summary>What a migration run applied, or why it stopped.</summary>
public sealed record MigrationResult(bool Succeeded, IReadOnlyList<string> Applied, string? Error);
