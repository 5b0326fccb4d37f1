using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Minato.Server.Security;

namespace Minato.Server.Tests.Security;

/// <summary>
/// Outside Development the host refuses to start on a missing, short or published signing key, saying what to set;
/// Development still starts on the development key of appsettings.Development.json.
/// </summary>
public sealed class SigningKeyStartupTests
{
    private const string RepositoryKey = "DEVELOPMENT-ONLY-minato-signing-key-change-me-in-production";

    [Theory]
    [InlineData(RepositoryKey, "published in the repository")]
    [InlineData("an-attacker-key-that-is-long-enough-for-hs256", "published in the repository")]
    [InlineData("", "is not set")]
    [InlineData("short-key-of-31-bytes-xxxxxxxxx", "shorter than 32 bytes")]
    public async Task Start_ProductionWithUnusableKey_RefusedSayingWhatToSet(string key, string reason)
    {
        // The real executable: the refusal comes before the database is touched, so none is needed.
        var run = await CliProcess.RunAsync("Host=127.0.0.1;Port=1;Database=none",
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", [SigningKeyPolicy.Variable] = key },
            "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.StdErr, StringComparison.Ordinal);
        Assert.Contains("Minato__Auth__SigningKey", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("at least 32 bytes", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithRandomKey_Serves()
    {
        await using var host = new KeyedHost("Production", TestEnvironment.SigningKey);
        await host.InitializeAsync();

        using var response = await host.CreateClient("hq").GetAsync("/api/reports", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_DevelopmentWithTheDevelopmentKey_StartsAndAcceptsItsTokens()
    {
        await using var host = new KeyedHost("Development", RepositoryKey);
        await host.InitializeAsync();

        using var response = await host.CreateClient("hq").GetAsync("/api/reports", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Settings_DevelopmentKeyOnlyInTheDevelopmentFile_AndKnownToThePolicy()
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "disaster", "Minato.Server");
        using var production = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "appsettings.json")));
        using var development = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "appsettings.Development.json")));

        Assert.False(production.RootElement.GetProperty("Minato").GetProperty("Auth").TryGetProperty("SigningKey", out _));
        var key = development.RootElement.GetProperty("Minato").GetProperty("Auth").GetProperty("SigningKey").GetString();
        Assert.Contains(key, SigningKeyPolicy.RepositoryKeys);
        Assert.NotNull(SigningKeyPolicy.Check(key, development: false));
    }

    [Fact]
    public async Task Serve_ProductionProcessWithRepositoryKey_ExitsNonZeroWithTheMessage()
    {
        await using var db = await TestDatabase.CreateAsync();

        var run = await CliProcess.RunAsync(db.ConnectionString,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", [SigningKeyPolicy.Variable] = RepositoryKey },
            "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode); // a refusal, not a crash (134) and not a stop (0)
        Assert.Contains("set the environment variable Minato__Auth__SigningKey", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal); // a message for the operator, no stack trace
    }

    [Theory]
    [InlineData(RepositoryKey, true, null)]
    [InlineData(RepositoryKey, false, "published in the repository")]
    // 11 full-width characters are 33 UTF-8 bytes: bytes count, not characters
    [InlineData("ｘｘｘｘｘｘｘｘｘｘｘ", false, null)]
    [InlineData("0123456789012345678901234567890", true, "shorter than 32 bytes")]
    [InlineData(null, true, "is not set")]
    public void Check_Key_AnswersByEnvironment(string? key, bool development, string? expected)
    {
        var problem = SigningKeyPolicy.Check(key, development);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    /// <summary>The real host in <paramref name="environment"/> with signing key <paramref name="key"/>.</summary>
    private sealed class KeyedHost(string environment, string key) : MinatoApiFactory
    {
        protected override string? SigningKey => key;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
