using Minato.Testing;

namespace Minato.Server.Tests.Cli;

/// <summary><c>Minato.Server jma import FILE|DIR</c>: one line per message (stored, duplicate, rejected with reason), exit codes.</summary>
[Trait("Category", "Slow")]
public sealed class JmaCommandTests
{
    [Fact]
    public async Task Import_SampleFolderTwiceAndABrokenFile_OneLineEachThenDuplicates()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = Path.GetDirectoryName(TestEnvironment.RequireSharedFile("jma/15_12_02_161130_VPWW54.xml"))!;
        var broken = Path.Combine(Path.GetTempPath(), $"jma-broken-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(broken, "<Report><Control>", TestContext.Current.CancellationToken);
        try
        {
            var first = await CliProcess.RunAsync(db.ConnectionString, "jma", "import", folder);
            var second = await CliProcess.RunAsync(db.ConnectionString, "jma", "import", folder);
            var bad = await CliProcess.RunAsync(db.ConnectionString, "jma", "import", broken);

            Assert.Equal(0, first.ExitCode);
            var lines = first.StdOut.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(16, lines.Length);
            Assert.All(lines, l => Assert.Contains(": stored ", l, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("15_12_02_161130_VPWW54.xml: stored ", StringComparison.Ordinal)
                && l.EndsWith("気象警報・注意報（Ｈ２７）", StringComparison.Ordinal));
            Assert.Equal(0, second.ExitCode);
            Assert.All(second.StdOut.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                l => Assert.Contains(": duplicate ", l, StringComparison.Ordinal));
            Assert.Equal(1, bad.ExitCode);
            Assert.Matches(@"^jma-broken-\w+\.xml: rejected \d+: malformed XML", bad.StdOut.Trim());
            Assert.Equal(17, await db.ScalarAsync<long>("SELECT count(*) FROM jma.messages"));
            Assert.Equal(17, await db.ScalarAsync<long>(
                "SELECT count(*) FROM ops.audit_log WHERE action = 'jma.receive' AND actor = 'cli'"));
            Assert.Equal(2, await CliProcess.RunAsync(db.ConnectionString, "jma", "export", folder) is { ExitCode: var code } ? code : -1);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
