using Xunit;

namespace Minato.Testing;

/// <summary>Where the real services and the shared data are. A missing service skips a test locally but fails under CI=true.</summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Admin connection string of the test PostgreSQL (MINATO_TEST_DB, default: the private cluster of ./minato).</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("MINATO_TEST_DB") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres;Include Error Detail=true";

    /// <summary>
    /// The JWT signing key of every host and CLI process this test run starts: random per run, never a key of the
    /// repository (hosts run in Development, but nothing may depend on the development key).
    /// </summary>
    public static string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The repository's root (the folder holding Minato.Gis.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>data/minato: Minato's real open data shipped in the repository (what <c>./minato demo</c> loads first).</summary>
    public static string MinatoData => Path.Combine(RepositoryRoot, "data", "minato");

    /// <summary>The ward boundary shipped in data/minato (国土数値情報 N03, full resolution).</summary>
    public static string WardBoundaryFile => Path.Combine(MinatoData, "boundary", "geolonia_admin_13103.geojson");

    /// <summary>../shared/data (real public data; read in place, never copied into the repository).</summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable("MINATO_SHARED_DATA") is { Length: > 0 } p ? p
            : Path.Combine(RepositoryRoot, "..", "shared", "data");

    /// <summary>Path of a file under ../shared/data; skips (or fails under CI) when it is absent.</summary>
    public static string RequireSharedFile(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(SharedData, relativePath));
        if (!File.Exists(path))
        {
            Unavailable($"shared data file {path} is missing");
        }

        return path;
    }

    /// <summary>Skip locally, fail under CI: a missing real service is a broken test run there.</summary>
    public static void Unavailable(string what)
    {
        if (IsCi)
        {
            Assert.Fail($"{what} (required when CI=true)");
        }

        Assert.Skip(what);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Minato.Gis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
