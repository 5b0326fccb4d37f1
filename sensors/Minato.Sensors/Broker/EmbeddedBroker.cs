using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Minato.Sensors.Broker;

/// <summary>
/// The embedded MQTT 5 broker (MQTTnet). Authenticates every client: the ingest by its configured credentials, a station by
/// its id as user name and its password (hash in <c>sensors.stations</c>); anonymous clients are refused. A station may
/// publish only to its own topics (<c>minato/v1/{kind}/{id}</c>, <c>minato/v1/status/{id}</c>); only the ingest subscribes
/// to readings. Sessions are persistent (in memory) so readings wait for a restarting ingest.
/// </summary>
public sealed partial class EmbeddedBroker(
    BrokerOptions options, IngestOptions ingest, StationStore repository, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile IReadOnlyDictionary<string, string> _hashes = new Dictionary<string, string>();
    private long _lastReloadTicks;
    private MqttServer? _server;

    public MqttServer? Server => _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Embedded)
        {
            return;
        }

        try
        {
            _hashes = await repository.GetPasswordHashesAsync(cancellationToken);
            _lastReloadTicks = Environment.TickCount64;
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The server starts while the database is down: stations are looked up when they connect (see ValidateAsync).
            LogHashesUnavailable(e.Message);
        }

        var address = IPAddress.Parse(options.Address);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            // MQTTnet also listens on IPv6 (any address) unless told otherwise: keep a loopback broker on loopback.
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IsLoopback(address) ? IPAddress.IPv6Loopback : IPAddress.IPv6Any)
            .WithDefaultEndpointPort(options.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += e =>
        {
            if (!MayPublish(e.UserName, e.ApplicationMessage.Topic))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MQTTnet.Protocol.MqttPubAckReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        _server.InterceptingSubscriptionAsync += e =>
        {
            if (e.UserName != ingest.Username)
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        try
        {
            await _server.StartAsync();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            // Not fatal for the web host (several test hosts may run in one process); the ingest is not started then.
            LogBindFailed(options.Address, options.Port, e.Message);
            _server.Dispose();
            _server = null;
            return;
        }

        IsRunning = true;
        LogStarted(options.Address, options.Port);
    }

    /// <summary>True once the broker listens.</summary>
    public bool IsRunning { get; private set; }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null && IsRunning)
        {
            IsRunning = false;
            try
            {
                await _server.StopAsync();
            }
            catch (InvalidOperationException e)
            {
                // The same MQTTnet 5.2 race as in Dispose (a closing listener removes itself while Cleanup enumerates the
                // listeners): the listeners are closed either way; a failed stop must not fail the host's shutdown.
                LogStopRace(e.Message);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _server?.Dispose();
        }
        catch (InvalidOperationException)
        {
            // MQTTnet 5.2's MqttTcpServerAdapter.Cleanup can enumerate its listener list while a listener that is closing
            // removes itself ("Collection was modified") when disposal overlaps a stop; the broker is going away either way.
        }

        _server = null;
        _reload.Dispose();
    }

    /// <summary>The topics a user may publish to: a station its own, nobody else anything.</summary>
    public static bool MayPublish(string? user, string topic)
    {
        if (string.IsNullOrEmpty(user))
        {
            return false;
        }

        var parts = topic.Split('/');
        return parts.Length == 4 && parts[0] == "minato" && parts[1] == "v1" && parts[3] == user
            && (parts[2] is "status" || StationKinds.TryParse(parts[2], out _));
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        var user = e.UserName;
        var password = e.Password;
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            LogRefused(e.ClientId, "anonymous");
            return;
        }

        if (user == ingest.Username)
        {
            var ok = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(ingest.Password));
            e.ReasonCode = ok ? MqttConnectReasonCode.Success : MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        if (!_hashes.ContainsKey(user))
        {
            try
            {
                await ReloadAsync();
            }
            catch (Npgsql.NpgsqlException ex)
            {
                // Not a wrong password: "server unavailable" tells the station to try again later.
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
                LogRefused(e.ClientId, "station credentials cannot be read: " + ex.Message);
                return;
            }
        }

        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(user + "\n" + password)));
        if (_verified.TryGetValue(user, out var known) && known == digest)
        {
            e.ReasonCode = MqttConnectReasonCode.Success;
            return;
        }

        if (_hashes.TryGetValue(user, out var hash) && StationCredentials.Verify(password, hash))
        {
            _verified[user] = digest;
            e.ReasonCode = MqttConnectReasonCode.Success;
            return;
        }

        e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        LogRefused(e.ClientId, "bad user name or password");
    }

    private async Task ReloadAsync()
    {
        // A station added over the API or by an import can connect without a restart; reloads are rate-limited (1 s).
        if (Environment.TickCount64 - Interlocked.Read(ref _lastReloadTicks) < 1_000 || !await _reload.WaitAsync(0))
        {
            return;
        }

        try
        {
            _hashes = await repository.GetPasswordHashesAsync();
            _verified.Clear();
            Interlocked.Exchange(ref _lastReloadTicks, Environment.TickCount64);
        }
        finally
        {
            _reload.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "embedded MQTT broker cannot listen on {Address}:{Port} ({Error}); the MQTT ingest is not started")]
    private partial void LogBindFailed(string address, int port, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "embedded MQTT broker: station credentials not loaded ({Error}); read when stations connect")]
    private partial void LogHashesUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection of {ClientId} refused: {Why}")]
    private partial void LogRefused(string clientId, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "embedded MQTT broker: stop raced with a closing listener: {Error}")]
    private partial void LogStopRace(string error);
}
