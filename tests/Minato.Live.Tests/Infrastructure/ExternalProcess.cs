using System.Diagnostics;
using System.Net.Sockets;
using Minato.Testing;

namespace Minato.Live.Tests.Infrastructure;

/// <summary>A server binary from Debian (redis-server, mosquitto) run privately on a loopback port in a temp dir.</summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ExternalProcess(Process process, string dir, int port)
    {
        _process = process;
        Directory = dir;
        Port = port;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>Starts <paramref name="executable"/> and waits until it accepts TCP on <paramref name="port"/>.</summary>
    public static async Task<ExternalProcess> StartAsync(string executable, string dir, int port, params string[] args)
    {
        if (!File.Exists(executable))
        {
            TestEnvironment.Unavailable($"{executable} is not installed");
        }

        var psi = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException(executable + " did not start");
        var server = new ExternalProcess(process, dir, port);
        await Wait.UntilAsync(() => process.HasExited || CanConnect(port), TimeSpan.FromSeconds(20), () => executable + " to listen");
        if (process.HasExited)
        {
            Assert.Fail($"{executable} exited ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} {await process.StandardOutput.ReadToEndAsync()}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
