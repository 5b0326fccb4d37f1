namespace Minato.MapClient;

/// <summary>The SignalR hub protocol on the wire.</summary>
public enum LiveProtocol
{
    Json,
    MessagePack,
}
