using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Minato.Disaster.Jma;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis.Configuration;
using Minato.Gis.Database;

namespace Minato.Server.Cli;

/// <summary>
/// <c>jma import FILE|DIR</c>: stores JMA 防災情報XML messages (a file, or every <c>*.xml</c> of a folder in name order) as a
/// relay would, printing one line per message: <c>stored</c>, <c>duplicate</c> or <c>rejected</c> with its reason (a
/// rejected message is kept with the reason). Audited as <c>jma.receive</c> by <c>cli</c>. A running server shows the new
/// messages after its next restart or message (the live situation is recomputed then); the API reads them at once.
/// Exit codes: 0 every message stored or held already, 1 some rejected, 2 usage error, 3 unreadable path or database failure.
/// </summary>
internal static class JmaCommand
{
    public const string Usage = "usage: minato jma import FILE|DIR";

    private static readonly Actor Cli = new("cli", "system");

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || args[0] != "import")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (!CliCommands.TryGetConnectionString(out var connectionString))
        {
            return 2;
        }

        var path = Path.GetFullPath(args[1]);
        string[] files = Directory.Exists(path) ? [.. Directory.GetFiles(path, "*.xml").Order(StringComparer.Ordinal)]
            : File.Exists(path) ? [path] : [];
        if (files.Length == 0)
        {
            await Console.Error.WriteLineAsync($"no JMA message at {path}");
            return 3;
        }

        await using var db = GisDataSource.Create(connectionString);
        var store = new JmaStore(db, TimeProvider.System, NoSituationBus.Instance, LoadOptions());
        var rejected = 0;
        try
        {
            foreach (var file in files)
            {
                var intake = await store.SaveAsync(await File.ReadAllBytesAsync(file), "import", actor: Cli);
                rejected += intake.Outcome == JmaIntake.Rejected ? 1 : 0;
                Console.WriteLine($"{Path.GetFileName(file)}: {intake.Line}");
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            await Console.Error.WriteLineAsync("database failure: " + e.Message);
            return 3;
        }

        return rejected > 0 ? 1 : 0;
    }

    // The server's sources, so the import reads Minato's codes and rivers as the server does.
    private static JmaOptions LoadOptions()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return ValidatedOptions.Read<JmaOptions>(configuration);
    }
}
