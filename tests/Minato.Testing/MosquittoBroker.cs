namespace Minato.Testing;

/// <summary>
/// The one Mosquitto launcher: a private /usr/sbin/mosquitto (Debian) on a free loopback port with a password file
/// (the ingest user and one user per station, password "pw-" + id), the production topic ACL and on-disk persistence
/// in a temp dir. Stop/Start/Restart for the outage tests (stop = SIGTERM, which saves the sessions).
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    public const string IngestUser = "minato-ingest";
    public const string IngestPassword = "ingest-secret";
    private readonly ExternalProcess _process;

    private MosquittoBroker(ExternalProcess process) => _process = process;

    public int Port => _process.Port;

    public string LogPath => LogFile(_process.Directory);

    /// <summary>Starts a broker that knows the ingest user and the given stations (password = "pw-" + id).</summary>
    public static async Task<MosquittoBroker> StartAsync(IEnumerable<string> stationIds)
    {
        ExternalProcess.RequireInstalled(Executable);
        const string passwdTool = "/usr/bin/mosquitto_passwd";
        var dir = Directory.CreateTempSubdirectory("minato-mosquitto-").FullName;
        var port = FreePort.Next();
        var passwd = Path.Combine(dir, "passwd");
        await ExternalProcess.RunAsync(passwdTool, "-c", "-b", passwd, IngestUser, IngestPassword);
        foreach (var id in stationIds)
        {
            await ExternalProcess.RunAsync(passwdTool, "-b", passwd, id, StationPassword(id));
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "acl"),
            $"""
            user {IngestUser}
            topic read minato/v1/#

            pattern write minato/v1/+/%u
            """ + "\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"),
            $"""
            user root
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwd}
            acl_file {Path.Combine(dir, "acl")}
            persistence true
            persistence_location {dir}/
            max_queued_messages 1000000
            log_dest file {LogFile(dir)}
            log_type error
            log_type warning
            log_type notice
            log_type information
            """ + "\n");
        return new MosquittoBroker(await ExternalProcess.StartAsync(Executable, dir, port, "-c", Path.Combine(dir, "mosquitto.conf")));
    }

    public static string StationPassword(string id) => "pw-" + id;

    public Task StartAsync() => _process.StartAsync();

    /// <summary>SIGTERM (mosquitto saves its persistence file) and wait for the exit.</summary>
    public Task StopAsync() => _process.StopAsync();

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string LogFile(string dir) => Path.Combine(dir, "mosquitto.log");
}
