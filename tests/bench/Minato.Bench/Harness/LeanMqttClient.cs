using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Minato.Bench.Harness;

/// <summary>
/// The ingest benchmark's lean MQTT 5 client, in two roles. As the load generator: one connection per station that
/// publishes QoS 1 messages with a window of unacknowledged ones, writing every packet the window allows in one socket
/// write and counting PUBACKs. As the baseline subscriber: a persistent session that receives QoS 1 messages and
/// acknowledges them (every PUBACK of one socket read in one write) and does nothing else, the least any subscriber can
/// do to drain a broker. Written by hand rather than with MQTTnet on purpose: a load generator must cost much less than
/// the system it loads (on the 2-core machine the MQTTnet client spends about as much CPU per message as the ingest
/// does), and a baseline must not carry a library's costs. It speaks only what it needs (CONNECT with
/// username/password, SUBSCRIBE, PUBLISH QoS 1, PUBACK) and fails loudly on anything else.
/// Not thread-safe: one caller per instance.
/// </summary>
public sealed class LeanMqttClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _topic;
    private readonly byte[] _in = new byte[64 * 1024];
    private int _inStart;
    private int _inEnd;
    private ushort _nextId = 1;

    private LeanMqttClient(Socket socket, string topic)
    {
        _socket = socket;
        _topic = Encoding.UTF8.GetBytes(topic);
    }

    /// <summary>PUBACKs with a failure reason code (≥ 0x80) so far.</summary>
    public int Refused { get; private set; }

    /// <summary>A publisher on a clean session that sends to <paramref name="topic"/>.</summary>
    public static Task<LeanMqttClient> ConnectAsync(
        int port, string clientId, string username, string password, string topic, CancellationToken cancellationToken = default) =>
        ConnectAsync(port, clientId, username, password, topic, persistent: false, cancellationToken);

    /// <summary>
    /// A subscriber on a persistent session (clean start off, kept an hour, receive maximum 65,535 as the ingest asks),
    /// so the broker queues QoS 1 messages for it while it is away. Subscribe once, dispose, publish the backlog, then
    /// connect again and <see cref="DrainAsync"/>.
    /// </summary>
    public static Task<LeanMqttClient> ConnectPersistentAsync(
        int port, string clientId, string username, string password, CancellationToken cancellationToken = default) =>
        ConnectAsync(port, clientId, username, password, "", persistent: true, cancellationToken);

    private static async Task<LeanMqttClient> ConnectAsync(
        int port, string clientId, string username, string password, string topic, bool persistent, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        var publisher = new LeanMqttClient(socket, topic);
        var body = new List<byte>();
        // v5, user + password, keep-alive 60 s; a publisher: clean start, no properties; a subscriber: no clean start,
        // properties Session Expiry Interval (0x11) 3,600 s and Receive Maximum (0x21) 65,535.
        body.AddRange(persistent
            ? [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x80 | 0x40, 0, 60, 8, 0x11, 0, 0, 0x0E, 0x10, 0x21, 0xFF, 0xFF]
            : [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x80 | 0x40 | 0x02, 0, 60, 0]);
        foreach (var s in new[] { clientId, username, password })
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
            body.AddRange(bytes);
        }

        var packet = new MemoryStream();
        packet.WriteByte(0x10);
        WriteLength(packet, body.Count);
        packet.Write(body.ToArray());
        await socket.SendAsync(packet.ToArray(), cancellationToken);
        var (type, connack) = await publisher.ReadPacketAsync(cancellationToken);
        if ((type & 0xF0) != 0x20 || connack.Length < 2 || connack.Span[1] != 0)
        {
            throw new InvalidOperationException($"CONNECT refused by the broker (packet 0x{type:x2}, reason " +
                $"0x{(connack.Length > 1 ? connack.Span[1] : 0xff):x2})");
        }

        return publisher;
    }

    /// <summary>
    /// Publishes every payload with QoS 1, at most <paramref name="window"/> unacknowledged at a time, and returns once
    /// all are acknowledged. Returns how many the broker acknowledged with success.
    /// </summary>
    public async Task<int> PublishAllAsync(IReadOnlyList<byte[]> payloads, int window, CancellationToken cancellationToken = default)
    {
        var output = new MemoryStream();
        int sent = 0, acked = 0;
        while (acked < payloads.Count)
        {
            output.SetLength(0);
            while (sent < payloads.Count && sent - acked < window)
            {
                WritePublish(output, payloads[sent++]);
            }

            if (output.Length > 0)
            {
                await _socket.SendAsync(output.GetBuffer().AsMemory(0, (int)output.Length), cancellationToken);
            }

            // PUBACKs until half the window is free, then every one already received: the window refills in bursts of at
            // least half its size, so each socket write carries many packets (one by one, the load generator and the
            // broker would spend their time in system calls).
            var (type, body) = await ReadPacketAsync(cancellationToken);
            while (true)
            {
                if ((type & 0xF0) != 0x40)
                {
                    throw new InvalidOperationException($"unexpected packet 0x{type:x2} while publishing");
                }

                if (body.Length > 2 && body.Span[2] >= 0x80)
                {
                    Refused++;
                }

                if (++acked == sent)
                {
                    break;
                }

                if (sent - acked > window / 2)
                {
                    (type, body) = await ReadPacketAsync(cancellationToken);
                }
                else if (!TryTakePacket(out type, out body))
                {
                    break;
                }
            }
        }

        return acked - Refused;
    }

    /// <summary>Subscribes to <paramref name="filter"/> with QoS 1; throws unless the broker grants QoS 1.</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancellationToken = default)
    {
        var topic = Encoding.UTF8.GetBytes(filter);
        var packet = new MemoryStream();
        packet.WriteByte(0x82); // SUBSCRIBE
        WriteLength(packet, 2 + 1 + 2 + topic.Length + 1);
        packet.Write([0, 1, 0, (byte)(topic.Length >> 8), (byte)topic.Length]); // packet id 1, no properties, filter length
        packet.Write(topic);
        packet.WriteByte(0x01); // maximum QoS 1
        await _socket.SendAsync(packet.ToArray(), cancellationToken);
        var (header, suback) = await ReadPacketAsync(cancellationToken);
        // SUBACK: packet id (2), properties length (1, none expected), one reason code per filter.
        if ((header & 0xF0) != 0x90 || suback.Length < 4 || suback.Span[^1] != 0x01)
        {
            var reason = suback.Length > 0 ? suback.Span[^1] : 0xff;
            throw new InvalidOperationException($"SUBSCRIBE {filter} refused (packet 0x{header:x2}, reason 0x{reason:x2})");
        }
    }

    /// <summary>
    /// Receives QoS 1 PUBLISH packets and acknowledges each (the PUBACKs of one socket read leave in one write) until
    /// <paramref name="count"/> have arrived; returns how many arrived (fewer when <paramref name="cancellationToken"/>
    /// ends the wait).
    /// </summary>
    public async Task<long> DrainAsync(long count, CancellationToken cancellationToken = default)
    {
        var acks = new MemoryStream();
        long received = 0;
        try
        {
            while (received < count)
            {
                var (header, body) = await ReadPacketAsync(cancellationToken);
                acks.SetLength(0);
                while (true)
                {
                    if ((header & 0xF0) != 0x30 || (header & 0x06) != 0x02)
                    {
                        throw new InvalidOperationException($"unexpected packet 0x{header:x2} while draining");
                    }

                    // PUBLISH QoS 1: topic (length-prefixed), then the packet id to acknowledge.
                    var span = body.Span;
                    var id = span.Slice(2 + BinaryPrimitives.ReadUInt16BigEndian(span), 2);
                    acks.Write([0x40, 2, id[0], id[1]]);
                    received++;
                    if (!TryTakePacket(out header, out body))
                    {
                        break;
                    }
                }

                await _socket.SendAsync(acks.GetBuffer().AsMemory(0, (int)acks.Length), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.SendAsync(new byte[] { 0xE0, 0 }); // DISCONNECT, normal
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
    }

    private void WritePublish(MemoryStream output, byte[] payload)
    {
        var id = _nextId;
        _nextId = _nextId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextId + 1);
        output.WriteByte(0x32); // PUBLISH, QoS 1
        WriteLength(output, 2 + _topic.Length + 2 + 1 + payload.Length);
        Span<byte> two = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(two, (ushort)_topic.Length);
        output.Write(two);
        output.Write(_topic);
        BinaryPrimitives.WriteUInt16BigEndian(two, id);
        output.Write(two);
        output.WriteByte(0); // no properties
        output.Write(payload);
    }

    /// <summary>Takes the next packet (its first byte: type and flags) from the receive buffer if it is there whole.</summary>
    private bool TryTakePacket(out byte type, out ReadOnlyMemory<byte> body)
    {
        (type, body) = (0, default);
        var available = _inEnd - _inStart;
        if (available < 2)
        {
            return false;
        }

        var (length, used) = DecodeLength(_in.AsSpan(_inStart + 1, available - 1));
        if (used == 0 || available < 1 + used + length)
        {
            return false;
        }

        type = _in[_inStart];
        body = _in.AsMemory(_inStart + 1 + used, length);
        _inStart += 1 + used + length;
        return true;
    }

    private async Task<(byte Type, ReadOnlyMemory<byte> Body)> ReadPacketAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakePacket(out var type, out var body))
            {
                return (type, body);
            }

            if (_inStart > 0)
            {
                // Keep the unread tail at the front; the returned body of an earlier packet is no longer in use.
                Array.Copy(_in, _inStart, _in, 0, _inEnd - _inStart);
                _inEnd -= _inStart;
                _inStart = 0;
            }

            var read = await _socket.ReceiveAsync(_in.AsMemory(_inEnd), cancellationToken);
            if (read == 0)
            {
                throw new InvalidOperationException("the broker closed the connection");
            }

            _inEnd += read;
        }
    }

    /// <summary>The MQTT variable byte integer at the start of <paramref name="span"/>; used = 0 when incomplete.</summary>
    private static (int Length, int Used) DecodeLength(ReadOnlySpan<byte> span)
    {
        int value = 0, multiplier = 1;
        for (var i = 0; i < Math.Min(4, span.Length); i++)
        {
            value += (span[i] & 0x7F) * multiplier;
            if ((span[i] & 0x80) == 0)
            {
                return (value, i + 1);
            }

            multiplier *= 128;
        }

        return (0, 0);
    }

    /// <summary>Writes an MQTT variable byte integer (a packet's remaining length).</summary>
    private static void WriteLength(Stream output, int length)
    {
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            output.WriteByte(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
    }
}
