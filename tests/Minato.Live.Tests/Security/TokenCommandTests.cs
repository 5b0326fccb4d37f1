using System.Diagnostics;
using Minato.Live.Tests.Infrastructure;
using Minato.Server.Security;
using Minato.Testing;

namespace Minato.Live.Tests.Security;

/// <summary><c>minato token</c> as a separate process: its tokens open exactly the scopes they name on the real hub.</summary>
public sealed class TokenCommandTests(LiveServer server) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task Token_DistrictRole_OpensOwnDistrictOnly()
    {
        var (exit, token, _) = await RunAsync("token", "--role", "district", "--district", "shiba");
        Assert.Equal(0, exit);
        await using var client = await server.ConnectAsync(token.Trim());

        var own = await client.SubscribeAsync("district:shiba", TestContext.Current.CancellationToken);
        var other = await client.SubscribeAsync("district:azabu", TestContext.Current.CancellationToken);

        Assert.True(own.Accepted, own.Error);
        Assert.False(other.Accepted);
    }

    [Fact]
    public async Task Token_TwiceForTheSameRole_GivesTwoSubjectsUnlessSubNamesOne()
    {
        var first = await SubjectAsync("token", "--role", "field");
        var second = await SubjectAsync("token", "--role", "field");
        var named = await SubjectAsync("token", "--role", "field", "--sub", "field-7");

        Assert.NotEqual(first, second);
        Assert.StartsWith("field-", first, StringComparison.Ordinal);
        Assert.StartsWith("field-", second, StringComparison.Ordinal);
        Assert.Equal("field-7", named);
    }

    [Fact]
    public async Task Token_MinutesBeyondTheMaximumLifetime_ExitCode2()
    {
        var (exit, stdout, stderr) = await RunAsync("token", "--role", "hq", "--minutes", "1440");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("MaxTokenLifetimeMinutes", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("role shelter needs --shelter <id>", "token", "--role", "shelter")]
    [InlineData("unknown role 'admin'", "token", "--role", "admin")]
    [InlineData("--role is required", "token")]
    [InlineData("unexpected argument '--bogus'", "token", "--role", "hq", "--bogus")]
    public async Task Token_BadArguments_ExitCode2WithReason(string reason, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    private static async Task<string> SubjectAsync(params string[] args)
    {
        var (exit, token, stderr) = await RunAsync(args);
        Assert.True(exit == 0, stderr);
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.Trim()).Subject;
    }

    private static async Task<(int Exit, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Minato.Server.dll"));
        start.Environment[SigningKeyPolicy.Variable] = TestEnvironment.SigningKey;
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
