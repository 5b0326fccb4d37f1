using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Minato.Server.Security;

namespace Minato.Testing;

/// <summary>
/// The real built host (<c>dotnet Minato.Server.dll serve</c>) as a separate process on a free loopback port, in the
/// Production environment with a signing key of its own, so a test can measure what the process itself does (its
/// memory from <c>/proc</c>) rather than a host sharing the test runner's heap. Disposing kills it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly AuthOptions _auth;
    private readonly List<string> _log = [];

    private HostProcess(Process process, Uri baseAddress, AuthOptions auth)
    {
        _process = process;
        BaseAddress = baseAddress;
        _auth = auth;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the process wrote so far (stdout and stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the host on <paramref name="connectionString"/> with extra configuration as environment variables
    /// (e.g. <c>Minato__Reports__MaxConcurrentPhotoDecodes</c>) and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var auth = new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };
        var start = CliProcess.StartInfo(
            connectionString, ["serve", "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Minato__Auth__SigningKey"] = auth.SigningKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var mqtt = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Minato__Sensors__Broker__Port"] = mqtt;
        start.Environment["Minato__Sensors__Ingest__Port"] = mqtt;
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")), auth);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Wait.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the host exited with {process.ExitCode}:\n{host.Log}");
                }

                try
                {
                    using var health = await http.GetAsync(new Uri(host.BaseAddress, "/healthz"), cancellationToken);
                    return health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, TimeSpan.FromSeconds(90), () => Task.FromResult("the host to answer /healthz:\n" + host.Log), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the host carrying a token of <paramref name="role"/> signed with the host's key.</summary>
    public HttpClient CreateClient(string role, string subject, TimeSpan? timeout = null)
    {
        var token = new TokenIssuer(_auth, TimeProvider.System).Issue(new TokenRequest(subject, role, null, null));
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The process's peak resident memory so far (bytes; VmHWM in /proc/PID/status, Linux only).</summary>
    public long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>The process's resident memory now (bytes; VmRSS).</summary>
    public long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }
}
