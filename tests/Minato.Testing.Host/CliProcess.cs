using System.Diagnostics;

namespace Minato.Testing;

/// <summary>Runs the real built host (<c>dotnet Minato.Server.dll …</c>) as a separate process against a test database.</summary>
public static class CliProcess
{
    public sealed record Output(int ExitCode, string StdOut, string StdErr);

    public static Task<Output> RunAsync(string connectionString, params string[] args) =>
        RunAsync(connectionString, new Dictionary<string, string>(), args);

    /// <summary>Runs the host with extra environment variables (they override the test run's defaults).</summary>
    public static async Task<Output> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = StartInfo(connectionString, args);
        start.Environment[Minato.Server.Security.SigningKeyPolicy.Variable] = TestEnvironment.SigningKey;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Minato.Server {string.Join(' ', args)} did not finish within 3 minutes");
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>How a test starts the built host: <c>dotnet Minato.Server.dll …</c> on <paramref name="connectionString"/>,
    /// output redirected.</summary>
    internal static ProcessStartInfo StartInfo(string connectionString, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Minato.Server.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MINATO_DB"] = connectionString;
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    public static string Sample(string name) => Path.Combine(Minato.Testing.TestEnvironment.RepositoryRoot, "data", "samples", name);
}
