using Minato.Testing;

namespace Minato.Server.Tests.Cli;

/// <summary>A mistyped command is a usage error, not a server that starts on the wrong words.</summary>
public sealed class UnknownCommandTests
{
    [Fact]
    public async Task UnknownCommand_PrintsUsageAndExitsTwo_WithoutServing()
    {
        // No database: if the host tried to serve, it would fail differently (or start and hang until the timeout).
        var run = await CliProcess.RunAsync("Host=127.0.0.1;Port=1;Database=none", "improt", "roads", "x.geojson");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command 'improt'", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("usage: Minato.Server serve", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", run.StdOut, StringComparison.Ordinal);
    }
}
