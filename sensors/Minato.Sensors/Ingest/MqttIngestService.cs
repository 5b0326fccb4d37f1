using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;

namespace Minato.Sensors.Ingest;

/// <summary>
/// Subscribes to <c>minato/v1/{rain,river,radiation}/+</c> with QoS 1 on a persistent session, validates each message,
/// batches readings into the database and acknowledges the messages only after their batch is committed, so a crash,
/// a stop or a database outage loses nothing: unacknowledged messages are redelivered by the broker and their
/// duplicates dropped by (station, time). Back-pressure: a bounded buffer plus the MQTT 5 receive maximum.
/// </summary>
public sealed partial class MqttIngestService : BackgroundService
{
    private readonly IngestOptions _options;
    private readonly ObservationWriter _writer;
    private readonly MessageValidator _validator;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _buffer;
    private readonly ResiliencePipeline _retry;
    private readonly SemaphoreSlim _disconnected = new(0, 1);
    private IMqttClient? _client;
    private volatile bool _connected;
    private int _connections;

    public MqttIngestService(
        IngestOptions options, ObservationWriter writer, MessageValidator validator, IngestMetrics metrics, TimeProvider time,
            ILogger<MqttIngestService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _writer = writer;
        _validator = validator;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.BufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // A database outage must not lose readings: retry until it is back (or the service stops).
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(2),
                OnRetry = args =>
                {
                    _metrics.Retried();
                    LogRetry(args.AttemptNumber, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Raised after each committed batch (derivation, benchmarks, tests). Handlers must be quick and not throw.</summary>
    public event Action<CommittedBatch>? Committed;

    /// <summary>True while connected to the broker and subscribed.</summary>
    public bool IsConnected => _connected;

    /// <summary>Connection attempts so far (the generation that tags each received message).</summary>
    public int Connections => _connections;

    /// <summary>Messages received and not yet committed (for tests and health).</summary>
    public int Buffered => _buffer.Reader.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _client = CreateClient();
        var writeLoop = WriteLoopAsync(stoppingToken);
        try
        {
            await ConnectLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        try
        {
            await writeLoop;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_client is { } client)
        {
            try
            {
                // Unacknowledged messages stay with the broker's session and come back on the next start.
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
            }
            catch (Exception e)
            {
                // Also when the host's stop time ran out (OperationCanceledException): a stop never throws; what was not
                // acknowledged is redelivered by the broker, and stored readings are dropped by (station, time).
                LogDisconnectFailed(e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _client?.Dispose();
        _disconnected.Dispose();
        base.Dispose();
    }

    private IMqttClient CreateClient()
    {
        var client = new MqttClientFactory().CreateMqttClient(new AckCoalescingChannel.Factory());
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += _ =>
        {
            _connected = false;
            if (_disconnected.CurrentCount == 0)
            {
                _disconnected.Release();
            }

            return Task.CompletedTask;
        };
        return client;
    }

    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(_options.ReconnectMinDelayMs);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!_client!.IsConnected)
            {
                if (Volatile.Read(ref _connections) > 0)
                {
                    // A fresh client per connection: nothing of the old connection's state leaks into the resumed session.
                    var old = _client;
                    _client = CreateClient();
                    old.Dispose();
                }

                try
                {
                    await ConnectAsync(cancellationToken);
                    delay = TimeSpan.FromMilliseconds(_options.ReconnectMinDelayMs);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogConnectFailed(_options.Host, _options.Port, delay.TotalMilliseconds, e.Message);
                    await Task.Delay(delay, _time, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, _options.ReconnectMaxDelayMs));
                    continue;
                }
            }

            // Wake on a disconnect, and check now and then in case the event was missed.
            await _disconnected.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_options.ClientId)
            .WithCredentials(_options.Username, _options.Password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        // A new generation before CONNACK: a resumed session redelivers unacknowledged messages right after it.
        Interlocked.Increment(ref _connections);
        var result = await _client!.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }

        var prefix = string.IsNullOrEmpty(_options.SharedGroup) ? "" : $"$share/{_options.SharedGroup}/";
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var kind in new[] { "rain", "river", "radiation" })
        {
            subscribe.WithTopicFilter(f => f.WithTopic($"{prefix}minato/v1/{kind}/+")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        var sub = await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
        foreach (var item in sub.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}");
            }
        }

        _connected = true;
        LogConnected(_options.Host, _options.Port, result.IsSessionPresent);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by the write loop once the batch holding it is committed.
        e.AutoAcknowledge = false;
        _metrics.MessageReceived();
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload;
        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        var result = _validator.Validate(topic, bytes);
        var text = result.IsAccepted ? null : MessageValidator.PayloadText(bytes, _options.DeadLetterPayloadLimit);
        // Waits when the buffer is full: the broker then holds further messages (receive maximum).
        await _buffer.Writer.WriteAsync(new Pending(e, Volatile.Read(ref _connections), topic, result, text), CancellationToken.None);
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        // Up to WriteConcurrency batches are written at once, each in its own transaction on its own connection, so the
        // database's per-row work overlaps the MQTT receive and acknowledge work of the batches around it. They are
        // finished (Committed raised, messages acknowledged) strictly in the order they were taken from the buffer, so
        // observers see batches in arrival order and PUBACKs follow PUBLISH order (MQTT-4.6.0-2). Concurrent batches
        // touch sensors.latest and the primary key in the same sorted order (ObservationWriter), so they cannot deadlock;
        // a batch that fails is retried on its own and its messages stay unacknowledged until it commits.
        using var slots = new SemaphoreSlim(_options.WriteConcurrency);
        var finishing = Channel.CreateUnbounded<InFlight>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var finisher = FinishLoopAsync(finishing.Reader, slots, cancellationToken);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(cancellationToken))
            {
                await slots.WaitAsync(cancellationToken);
                var batch = new List<Pending>();
                var readings = new List<Reading>();
                var deadLetters = new List<DeadLetter>();
                var now = _time.GetUtcNow();
                while (readings.Count < _options.BatchSize && batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var p))
                {
                    batch.Add(p);
                    if (p.Result.IsAccepted)
                    {
                        readings.AddRange(p.Result.Readings);
                    }
                    else
                    {
                        deadLetters.Add(new DeadLetter(p.Topic, p.PayloadText ?? "", p.Result.Reason!, p.Result.Detail, now));
                    }
                }

                var started = Stopwatch.GetTimestamp();
                var write = _retry.ExecuteAsync(
                    async ct => await _writer.WriteAsync(readings, deadLetters, now, ct), cancellationToken).AsTask();
                await finishing.Writer.WriteAsync(new InFlight(batch, readings, deadLetters, write, started), cancellationToken);
            }
        }
        finally
        {
            // Also when stopping: the finisher drains what is in flight before the service disconnects.
            finishing.Writer.TryComplete();
            await finisher;
        }
    }

    private async Task FinishLoopAsync(ChannelReader<InFlight> finishing, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        // Reads until the write loop completes the channel, also when the service stops: every batch that committed is
        // acknowledged before the disconnect, so a graceful stop leaves the broker nothing to redeliver; a batch whose
        // write was cancelled by the stop did not commit and is left unacknowledged, for the next session.
        await foreach (var f in finishing.ReadAllAsync(CancellationToken.None))
        {
            WriteResult result;
            try
            {
                result = await f.Write;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                slots.Release();
                continue;
            }

            _metrics.Committed(result, Stopwatch.GetElapsedTime(f.Started).TotalMilliseconds);
            foreach (var d in f.DeadLetters)
            {
                _metrics.DeadLettered(d.Reason);
                LogDeadLetter(d.Topic, d.Reason, d.Detail);
            }

            try
            {
                Committed?.Invoke(new CommittedBatch(result, f.Readings, f.DeadLetters.Count, _time.GetUtcNow()));
            }
            catch (Exception e)
            {
                LogObserverFailed(e.Message);
            }

            await AcknowledgeAsync(f.Batch, CancellationToken.None); // bounded by its own timeout
            slots.Release();
        }
    }

    private async Task AcknowledgeAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var generation = Volatile.Read(ref _connections);
        // A message received on an earlier connection cannot be acknowledged on this one (its packet id may now
        // name another message): the broker redelivers it and the duplicate is dropped by (station, time).
        // PUBACKs are sent together rather than one await each: the client queues them on one socket.
        var acks = batch.Where(p => p.Connection == generation && _client is { IsConnected: true })
            .Select(p => p.Args.AcknowledgeAsync(timeout.Token)).ToArray();
        try
        {
            await Task.WhenAll(acks);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAckFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "acknowledging failed (the broker will redeliver): {Error}")]
    private partial void LogAckFailed(string error);

    private sealed record InFlight(List<Pending> Batch, List<Reading> Readings, List<DeadLetter> DeadLetters, Task<WriteResult> Write,
        long Started);

    private readonly record struct Pending(MqttApplicationMessageReceivedEventArgs Args, int Connection, string Topic, IngestResult Result,
        string? PayloadText);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT ingest connected to {Host}:{Port} (session present: {SessionPresent})")]
    private partial void LogConnected(string host, int port, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT ingest cannot connect to {Host}:{Port}, retrying in {DelayMs} ms: {Error}")]
    private partial void LogConnectFailed(string host, int port, double delayMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "writing a batch failed (attempt {Attempt}), retrying: {Error}")]
    private partial void LogRetry(int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "dead letter from {Topic}: {Reason} {Detail}")]
    private partial void LogDeadLetter(string topic, string reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a committed-batch observer failed: {Error}")]
    private partial void LogObserverFailed(string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "disconnecting from the broker failed: {Error}")]
    private partial void LogDisconnectFailed(string error);
}
