using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Xunit;

namespace Minato.Testing;

/// <summary>
/// The one process starter: a server binary from Debian (mosquitto, redis-server, aiosmtpd) run privately on a loopback
/// port in a temp dir of its own. Start waits until it accepts TCP; Stop sends SIGTERM (so it can save state) and a
/// later Start runs it again on the same port; Dispose stops it and deletes the dir. <see cref="RunAsync"/> runs a
/// one-shot tool (e.g. <c>mosquitto_passwd</c>).
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _executable;
    private readonly string[] _args;
    private readonly List<string> _output = [];
    private Process? _process;

    private ExternalProcess(string executable, string dir, int port, string[] args)
    {
        _executable = executable;
        Directory = dir;
        Port = port;
        _args = args;
    }

    public int Port { get; }

    /// <summary>The process's own temp folder (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> and waits until it accepts TCP on <paramref name="port"/>; skips
    /// (fails under CI) when it is not installed.</summary>
    public static async Task<ExternalProcess> StartAsync(string executable, string dir, int port, params string[] args)
    {
        RequireInstalled(executable);
        var server = new ExternalProcess(executable, dir, port, args);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the process again (after <see cref="StopAsync"/>) and waits until it listens.</summary>
    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo(_executable) { RedirectStandardError = true, RedirectStandardOutput = true,
            UseShellExecute = false };
        foreach (var a in _args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException(_executable + " did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await Wait.UntilAsync(async () => process.HasExited || await CanConnectAsync(Port), Deadline, _executable + " to listen");
        if (process.HasExited)
        {
            Assert.Fail($"{_executable} exited ({process.ExitCode}): {Output}");
        }
    }

    /// <summary>SIGTERM (mosquitto saves its persistence file, redis shuts down cleanly) and waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            await RunAsync("/bin/kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
            using var cts = new CancellationTokenSource(Deadline);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // a temp folder left behind is harmless
            }
        }
    }

    /// <summary>Runs a one-shot tool and fails the test when it exits non-zero.</summary>
    public static async Task RunAsync(string file, params string[] args)
    {
        RequireInstalled(file);
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException(file + " did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} failed ({p.ExitCode}): {await stderr} {await stdout}");
    }

    /// <summary>Skips (fails under CI) when <paramref name="executable"/> is not installed.</summary>
    public static void RequireInstalled(string executable)
    {
        if (!File.Exists(executable))
        {
            TestEnvironment.Unavailable($"{executable} is not installed");
        }
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        try
        {
            using var c = new TcpClient();
            await c.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
