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
}
