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
        ["jma"] = JmaCommand.RunAsync,
        ["demo"] = DemoCommand.RunAsync,
        ["layers"] = LayersCommand.RunAsync,
        ["simulate"] = SimulateCommand.RunAsync,
        ["staff"] = StaffCommand.RunAsync,
        ["token"] = TokenCommand.RunAsync,
    };

    /// <summary>The usage line printed for an unknown command.</summary>
    public const string Usage =
        "usage: Minato.Server serve [--urls URL] [--print-urls] | "
        + "audit | db | demo | import | jma | layers | simulate | staff | token …";

    /// <summary>
    /// The command <paramref name="args"/> names. <c>serve</c>, no argument or host options (<c>--urls …</c>) start the
    /// server (<paramref name="command"/> null); an unknown word is a usage error (exit code 2), never a server that
    /// starts by accident (a mistyped <c>improt</c> must not start a server and the embedded broker).
    /// </summary>
    public static bool TryGet(string[] args, out Func<string[], Task<int>>? command)
    {
        command = null;
        if (args.Length == 0 || args[0] == "serve" || args[0].StartsWith('-'))
        {
            return false;
        }

        if (!Commands.TryGetValue(args[0], out command))
        {
            var unknown = args[0];
            command = _ =>
            {
                Console.Error.WriteLine($"unknown command '{unknown}'");
                Console.Error.WriteLine(Usage);
                return Task.FromResult(2);
            };
        }

        return true;
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
