using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Minato.Bench.Harness;

/// <summary>The built Minato.Server running on a free loopback port for the length of a bench; disposing stops it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _logPath;

    private ServerProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _logPath = logPath;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id (for CPU accounting).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the server with extra configuration (environment variables, e.g. <c>Minato__Tiles__CacheEnabled</c>) and
    /// waits until <c>/healthz</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(BenchContext context, IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(context.ServerDll))
        {
            throw new InvalidOperationException($"{context.ServerDll} is missing: build first (./minato bench builds it)");
        }

        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { context.ServerDll, "serve", "--urls", url },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root (appsettings.json) is the working directory: run where the server was built to.
            WorkingDirectory = Path.GetDirectoryName(context.ServerDll)!,
        };
        psi.Environment["MINATO_DB"] = context.ConnectionString;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        // Keep the host's "Now listening on" line: readiness is awaited on it rather than polled.
        psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // The embedded MQTT broker listens on a fixed port by default: give each bench server its own (and its ingest).
        var mqttPort = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["Minato__Sensors__Broker__Port"] = mqttPort;
        psi.Environment["Minato__Sensors__Ingest__Port"] = mqttPort;
        foreach (var (k, v) in settings)
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the server");
        var logPath = Path.Combine(Path.GetTempPath(), $"minato-bench-server-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"the server exited with {process.ExitCode}; log: {logPath}"));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.WriteLine(e.Data);
            }

            if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri(url), logPath);

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var health = await http.GetAsync(new Uri(server.BaseAddress, "/healthz"), cancellationToken);
            if (health.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"the server listens but /healthz answered {(int)health.StatusCode}; log: {logPath}");
            }

            return server;
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"the server did not start listening within 60 s; log: {logPath}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time (clock ticks, 1/100 s) spent so far by the runtime's background tiered-JIT thread (Linux /proc);
    /// a warm-up is over when this stops growing. 0 where /proc is not available.</summary>
    public long JitTicks()
    {
        var tasks = $"/proc/{_process.Id}/task";
        if (!Directory.Exists(tasks))
        {
            return 0;
        }

        long sum = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the parenthesised name: state is field 3, utime 14 and stime 15 (1-based).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                sum += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) +
                       long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return sum;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        BenchContext.Log($"server stopped (log: {_logPath})");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
