namespace Minato.MapClient;

/// <summary>How <see cref="SituationClient"/> connects.</summary>
public sealed class SituationClientOptions
{
    /// <summary>The hub, e.g. <c>http://127.0.0.1:5000/hubs/situation</c>.</summary>
    public required Uri HubUrl { get; init; }

    /// <summary>Returns the JWT (from <c>minato token</c>); null or a null result = anonymous (public scope only).</summary>
    public Func<Task<string?>>? AccessTokenProvider { get; init; }

    public LiveProtocol Protocol { get; init; } = LiveProtocol.Json;

    /// <summary>Delays between reconnect attempts; the last one repeats for ever.</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; init; } =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>Let SignalR resume a dropped connection with nothing lost (server keeps a replay buffer).</summary>
    public bool StatefulReconnect { get; init; } = true;

    /// <summary>
    /// Connect straight over WebSockets without the negotiate request: behind a load balancer without sticky sessions
    /// (one request, so it cannot land on two nodes). SignalR's stateful reconnect needs negotiation and is off then;
    /// after a drop the client re-subscribes with its stream and sequence and still gets exactly what it missed.
    /// </summary>
    public bool SkipNegotiation { get; init; }
}
