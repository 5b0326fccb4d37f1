using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Channel;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace Minato.Sensors.Ingest;

/// <summary>
/// The ingest's MQTT channel: MQTTnet's own TCP channel, except that PUBACK packets are gathered and written together.
/// The ingest acknowledges a committed batch of thousands of messages at once; MQTTnet writes each PUBACK with its own
/// socket write, which on the 2-core machine cost the ingest about a sixth of its CPU and the broker as many reads.
/// Here a PUBACK is appended to a buffer and one flush, queued behind the acknowledgements of the same batch, writes
/// them all. Every other packet first flushes what is gathered and is then written through, so packet order is kept.
/// A PUBACK lost with a broken connection is harmless: the broker redelivers the message on the resumed session and the
/// duplicate is dropped by (station, time). MQTTnet serialises writes to a channel; the flush runs beside them, so the
/// inner channel is guarded by its own lock. MQTTnet offers no write coalescing of its own, hence this wrapper.
/// </summary>
internal sealed class AckCoalescingChannel(IMqttChannel inner) : IMqttChannel
{
    private const byte PubAck = 0x40;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _gathered = new(16 * 1024);
    private bool _flushQueued;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await inner.DisconnectAsync(cancellationToken);
    }

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public async Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        if (isEndOfPacket && buffer.Length is >= 2 and <= 16 && buffer.FirstSpan[0] == PubAck)
        {
            lock (_lock)
            {
                foreach (var segment in buffer)
                {
                    _gathered.Write(segment.Span);
                }

                if (_flushQueued)
                {
                    return;
                }

                _flushQueued = true;
            }

            // Queued, not run here: the rest of the batch's acknowledgements land in the buffer first.
            _ = Task.Run(() => FlushAsync(CancellationToken.None), CancellationToken.None);
            return;
        }

        await _write.WaitAsync(cancellationToken);
        try
        {
            await WriteGatheredAsync(cancellationToken);
            await inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);
        }
        finally
        {
            _write.Release();
        }
    }

    // _write is not disposed: a queued flush may still release it, and a SemaphoreSlim without a wait handle holds nothing.
    public void Dispose() => inner.Dispose();

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            await WriteGatheredAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The connection broke: MQTTnet's receive loop sees it too; the broker redelivers what was not acknowledged.
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Writes what is gathered (caller holds <see cref="_write"/>).</summary>
    private async Task WriteGatheredAsync(CancellationToken cancellationToken)
    {
        ArrayBufferWriter<byte> taken;
        lock (_lock)
        {
            _flushQueued = false;
            if (_gathered.WrittenCount == 0)
            {
                return;
            }

            taken = _gathered;
            _gathered = new ArrayBufferWriter<byte>(Math.Max(16 * 1024, taken.WrittenCount));
        }

        await inner.WriteAsync(new ReadOnlySequence<byte>(taken.WrittenMemory), true, cancellationToken);
    }

    /// <summary>Creates MQTTnet clients whose TCP channel is wrapped in <see cref="AckCoalescingChannel"/>.</summary>
    internal sealed class Factory : IMqttClientAdapterFactory
    {
        public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector,
            IMqttNetLogger logger)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.ChannelOptions is not MqttClientTcpOptions)
            {
                return new MqttClientAdapterFactory().CreateClientAdapter(options, packetInspector, logger);
            }

            var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize,
                options.WriterBufferSizeMax));
            return new MqttChannelAdapter(new AckCoalescingChannel(new MqttTcpChannel(options)), formatter, logger)
            {
                AllowPacketFragmentation = options.AllowPacketFragmentation,
                PacketInspector = packetInspector,
            };
        }
    }
}
