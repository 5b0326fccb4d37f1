using System.Text.Json;
using Minato.Disaster.Situation;
using StackExchange.Redis;

namespace Minato.Server.Live;

/// <summary>
/// The scale-out bus: changes are published on one Redis channel and every node, the producer included, applies what
/// it receives in the channel's order, so all nodes hold the same situation. Each node numbers its own sequences (its
/// own stream); a client that moves to another node gets a snapshot there. Redis pub/sub is at-most-once: a node that
/// loses its Redis link misses changes until they change again (PostgreSQL stays the system of record).
/// </summary>
internal sealed partial class RedisSituationBus(SituationState state, SituationOptions options, ILogger<RedisSituationBus> logger)
    : ISituationBus, IHostedService, IAsyncDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("minato:situation");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _queue;
    private long _received;

    /// <summary>Batches received from the channel (tests, diagnostics).</summary>
    public long Received => Interlocked.Read(ref _received);

    public void Publish(IReadOnlyList<SituationChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var redis = _redis ?? throw new InvalidOperationException("the Redis bus is not started");
        // One connection pipelines in order, so fire-and-forget keeps this node's changes in order.
        redis.GetSubscriber().Publish(Channel, JsonSerializer.Serialize(changes, Json), CommandFlags.FireAndForget);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Not aborting on a failed first connect: the server starts while Redis is down and the multiplexer reconnects.
        var config = ConfigurationOptions.Parse(options.Redis!);
        config.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(config);
        _queue = await _redis.GetSubscriber().SubscribeAsync(Channel);
        // Sequential handler: every batch is applied in the order Redis delivered it.
        _queue.OnMessage(message =>
        {
            try
            {
                var changes = JsonSerializer.Deserialize<List<SituationChange>>((string)message.Message!, Json);
                if (changes is not null)
                {
                    state.Publish(changes);
                    Interlocked.Increment(ref _received);
                }
            }
            catch (JsonException e)
            {
                LogBadMessage(e.Message);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "situation bus: unreadable message dropped: {Error}")]
    private partial void LogBadMessage(string error);
}
