using System.Diagnostics.CodeAnalysis;

namespace Minato.Server.Cli;

/// <summary>The CLI commands of the host. Each returns the process exit code.</summary>
internal static class CliCommands
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["audit"] = AuditCommand.RunAsync,
        ["db"] = DbCommand.RunAsync,
        ["import"] = ImportCommand.RunAsync,
        ["demo"] = DemoCommand.RunAsync,
        ["layers"] = LayersCommand.RunAsync,
        ["simulate"] = SimulateCommand.RunAsync,
        ["token"] = TokenCommand.RunAsync,
    };

    public static bool TryGet(string[] args, [NotNullWhen(true)] out Func<string[], Task<int>>? command)
    {
        command = null;
        // `serve` and host options (--urls …) start the server.
        return args.Length > 0 && Commands.TryGetValue(args[0], out command);
    }

    /// <summary>The connection string from MINATO_DB; when it is missing, says so on stderr and returns false (exit code 2).</summary>
    public static bool TryGetConnectionString([NotNullWhen(true)] out string? connectionString)
    {
        try
        {
            connectionString = RequireConnectionString();
            return true;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            connectionString = null;
            return false;
        }
    }

    /// <summary>The connection string from MINATO_DB, or an explanation.</summary>
    public static string RequireConnectionString()
    {
        var cs = Environment.GetEnvironmentVariable(Minato.Gis.Database.GisDataSource.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(cs))
        {
            throw new InvalidOperationException("MINATO_DB is not set (run through ./minato, or set it to a PostgreSQL connection string)");
        }

        return cs;
    }
}
