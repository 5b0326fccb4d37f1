using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Minato.Bench.Harness;

/// <summary>
/// Debian's Mosquitto on a free loopback port for the benchmarks: password file (the ingest user and one user per station),
/// the same topic ACL as production, sessions in memory (no persistence file: the bench measures throughput, not restarts).
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private readonly Process _process;
    private readonly string _dir;

    private MosquittoProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static bool IsInstalled => File.Exists(Executable) && File.Exists("/usr/bin/mosquitto_passwd");

    /// <summary>Starts a broker that knows <paramref name="users"/> (user, password) and lets the first read everything.</summary>
    public static async Task<MosquittoProcess> StartAsync(IReadOnlyList<(string User, string Password)> users,
        CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("minato-bench-mosquitto-").FullName;
        var passwd = Path.Combine(dir, "passwd");
        // mosquitto_passwd -U hashes a plain "user:password" file in place: one process for all users.
        await File.WriteAllLinesAsync(passwd, users.Select(u => $"{u.User}:{u.Password}"), cancellationToken);
        await ExternalTool.RequireAsync("/usr/bin/mosquitto_passwd", ["-U", passwd], cancellationToken: cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "acl"),
            $"user {users[0].User}\ntopic read minato/v1/#\n\npattern write minato/v1/+/%u\n", cancellationToken);
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), $"""
            user root
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwd}
            acl_file {Path.Combine(dir, "acl")}
            persistence false
            max_inflight_messages 0
            max_queued_messages 1000000
            log_dest stderr
            log_type error

            """, cancellationToken);
        var psi = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Path.Combine(dir, "mosquitto.conf"));
        var process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto did not start");
        CpuMeter.CountMosquitto(process.Id);
        var broker = new MosquittoProcess(process, dir, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return broker;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
