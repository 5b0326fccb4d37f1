using Npgsql;

namespace Minato.Bench.Harness;

/// <summary>Where a bench runs: the bench database (MINATO_DB), the repository (MINATO_ROOT) and the built server.</summary>
public sealed record BenchContext(string ConnectionString, string Root, string ServerDll, IReadOnlyList<string> Arguments)
{
    public static BenchContext FromEnvironment(IReadOnlyList<string> arguments)
    {
        var cs = Environment.GetEnvironmentVariable("MINATO_DB");
        if (string.IsNullOrWhiteSpace(cs))
        {
            throw new InvalidOperationException("MINATO_DB is not set: run benchmarks through `./minato bench`");
        }

        var root = Environment.GetEnvironmentVariable("MINATO_ROOT") is { Length: > 0 } r ? r : FindRoot();
        var config = Environment.GetEnvironmentVariable("MINATO_CONFIG") is { Length: > 0 } c ? c : "Release";
        var dll = Path.Combine(root, "disaster", "Minato.Server", "bin", config, "net10.0", "Minato.Server.dll");
        return new BenchContext(cs, root, dll, arguments);
    }

    /// <summary>The database's connection settings, for the command-line baselines (psql, pgbench).</summary>
    public NpgsqlConnectionStringBuilder Database => new(ConnectionString);

    /// <summary>libpq arguments and environment for psql/pgbench against the bench database.</summary>
    public (string[] Args, Dictionary<string, string> Env) Libpq()
    {
        var db = Database;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(db.Password))
        {
            env["PGPASSWORD"] = db.Password;
        }

        return (["-h", db.Host ?? "127.0.0.1", "-p", db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-U", db.Username ?? "postgres"], env);
    }

    public static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Minato.Gis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found; set MINATO_ROOT");
    }
}
