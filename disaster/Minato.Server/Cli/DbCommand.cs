using Minato.Gis.Database;

namespace Minato.Server.Cli;

/// <summary><c>db migrate</c>: apply data/migrations to MINATO_DB.</summary>
internal static class DbCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || args[0] != "migrate")
        {
            Console.Error.WriteLine("usage: db migrate");
            return Task.FromResult(2);
        }

        var result = DatabaseMigrator.Migrate(CliCommands.RequireConnectionString());
        foreach (var script in result.Applied)
        {
            Console.WriteLine($"applied {script}");
        }

        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"migration failed: {result.Error}");
            return Task.FromResult(1);
        }

        Console.WriteLine(result.Applied.Count == 0 ? "database is up to date" : $"{result.Applied.Count} migration(s) applied");
        return Task.FromResult(0);
    }
}
