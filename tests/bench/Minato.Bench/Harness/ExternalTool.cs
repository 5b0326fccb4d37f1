using System.Diagnostics;

namespace Minato.Bench.Harness;

/// <summary>Runs a command-line tool to completion and captures its output.</summary>
public static class ExternalTool
{
    public sealed record Output(int ExitCode, string StdOut, string StdErr);

    public static async Task<Output> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string,
        string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a tool and fails with its output when it exits non-zero.</summary>
    public static async Task<string> RequireAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string,
        string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var output = await RunAsync(file, arguments, environment, cancellationToken);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {output.ExitCode}:\n{output.StdErr}\n{output.StdOut}");
        }

        return output.StdOut;
    }
}
