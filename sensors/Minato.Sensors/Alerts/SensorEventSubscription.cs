using System.Threading.Channels;

namespace Minato.Sensors.Alerts;

/// <summary>A subscription to <see cref="SensorEventHub"/>; read <see cref="Reader"/>, dispose to unsubscribe.</summary>
public sealed class SensorEventSubscription(ChannelReader<SensorEvent> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;

    public ChannelReader<SensorEvent> Reader { get; } = reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
