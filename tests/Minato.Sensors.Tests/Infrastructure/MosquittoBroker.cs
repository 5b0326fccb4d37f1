using System.Diagnostics;
using System.Net.Sockets;
using Minato.Testing;

namespace Minato.Sensors.Tests.Infrastructure;

/// <summary>
/// A private Mosquitto (/usr/sbin/mosquitto from Debian) on a free loopback port, with a password file, ACLs and
/// on-disk persistence in a temp dir. Stop/Start/Restart for the outage tests (stop = SIGTERM, which saves the sessions).
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    public const string IngestUser = "minato-ingest";
    public const string IngestPassword = "ingest-secret";
    private readonly string _dir;
    private Process? _process;

    private MosquittoBroker(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string LogPath => Path.Combine(_dir, "mosquitto.log");

    /// <summary>Starts a broker that knows the ingest user and the given stations (password = "pw-" + id).</summary>
    public static async Task<MosquittoBroker> StartAsync(IEnumerable<string> stationIds)
    {
        if (!File.Exists(Executable) || !File.Exists("/usr/bin/mosquitto_passwd"))
        {
            TestEnvironment.Unavailable("mosquitto is not installed (apt-get install mosquitto)");
        }

        var dir = Directory.CreateTempSubdirectory("minato-mosquitto-").FullName;
        var broker = new MosquittoBroker(dir, FreePort.Next());
        var passwd = Path.Combine(dir, "passwd");
        await RunAsync("/usr/bin/mosquitto_passwd", "-c", "-b", passwd, IngestUser, IngestPassword);
        foreach (var id in stationIds)
        {
            await RunAsync("/usr/bin/mosquitto_passwd", "-b", passwd, id, StationPassword(id));
        }

        File.WriteAllText(Path.Combine(dir, "acl"),
            $"""
            user {IngestUser}
            topic read minato/v1/#

            pattern write minato/v1/+/%u
            """ + "\n");
        File.WriteAllText(Path.Combine(dir, "mosquitto.conf"),
            $"""
            user root
            listener {broker.Port} 127.0.0.1
            allow_anonymous false
            password_file {passwd}
            acl_file {Path.Combine(dir, "acl")}
            persistence true
            persistence_location {dir}/
            max_queued_messages 1000000
            log_dest file {broker.LogPath}
            log_type error
            log_type warning
            log_type notice
            log_type information
            """ + "\n");
        await broker.StartAsync();
        return broker;
    }

    public static string StationPassword(string id) => "pw-" + id;

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Path.Combine(_dir, "mosquitto.conf"));
        _process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto did not start");
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                Assert.Fail($"mosquitto exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()} {ReadLog()}");
            }

            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), "mosquitto to listen");
    }

    /// <summary>SIGTERM (mosquitto saves its persistence file) and wait for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        await RunAsync("/bin/kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

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
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await p.StandardError.ReadToEndAsync()}");
        }
    }
}
