using System.Collections.Immutable;
using System.Threading.Channels;

namespace Minato.Sensors.Alerts;

/// <summary>
/// The in-process sensor event stream: every subscriber gets its own bounded channel. A slow subscriber loses its oldest
/// events (it is expected to resync from the database: <c>sensors.alert_states</c>, <c>sensors.latest</c>), never slows
/// the producer or the other subscribers. Thread-safe.
/// </summary>
public sealed class SensorEventHub
{
    private ImmutableArray<Channel<SensorEvent>> _subscribers = [];

    /// <summary>Subscribes; dispose the returned subscription to stop.</summary>
    public SensorEventSubscription Subscribe(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<SensorEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(channel));
        return new SensorEventSubscription(channel.Reader, () =>
        {
            ImmutableInterlocked.Update(ref _subscribers, s => s.Remove(channel));
            channel.Writer.TryComplete();
        });
    }

    public void Publish(SensorEvent sensorEvent)
    {
        ArgumentNullException.ThrowIfNull(sensorEvent);
        foreach (var s in _subscribers)
        {
            s.Writer.TryWrite(sensorEvent);
        }
    }
}
