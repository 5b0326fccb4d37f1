using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>Paths of the repository's sample files and scratch copies for tests that edit a file.</summary>
internal static class ImportTestKit
{
    public static string Sample(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "data", "samples", name);

    public static string Demo(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", name);

    public static LayerImporter Importer(TestDatabase db, TimeProvider? clock = null) => new(db.DataSource, clock ?? TimeProvider.System);

    /// <summary>A fresh scratch folder under the temp directory (left for the OS to clean).</summary>
    public static string ScratchFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "minato-import-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes text (UTF-8, no BOM) to a scratch file and returns its path.</summary>
    public static string ScratchFile(string name, string text)
    {
        var path = Path.Combine(ScratchFolder(), name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        return path;
    }

    public static string Describe(ImportResult r) =>
        $"{r.Format}: read {r.Read}, new {r.Inserted}, updated {r.Updated}, unchanged {r.Unchanged}, skipped {r.Skipped}, " +
        $"fatal {r.FatalError}; errors: {string.Join(" | ", r.Errors)}";
}

/// <summary>A clock stopped at one instant (the tests' stand-in for FakeTimeProvider).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
