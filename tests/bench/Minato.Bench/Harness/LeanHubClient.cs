using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Minato.Bench.Harness;

/// <summary>
/// A load client for the live benchmark: one WebSocket to <c>/hubs/situation</c> speaking SignalR's JSON protocol
/// (handshake, <c>Subscribe</c>, pings), that reads every message the server sends it and checks each delta's
/// sequence number, but builds no model. Written by hand rather than with the SignalR client on purpose: the hundreds
/// of load clients share the 2-core machine with the server under test, and the full client (deserialising every
/// delta into objects and applying it) spent about twice the server's CPU, so the benchmark measured its own clients.
/// The server does exactly the same work for this client as for a full one. The latency probes remain full
/// <c>SituationClient</c>s. Counts gaps (a delta whose seq is not the previous + 1) and resync notices.
/// </summary>
public sealed class LeanHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] SeqKey = Encoding.ASCII.GetBytes("\"seq\":");
    private static readonly byte[] DeltaTarget = Encoding.ASCII.GetBytes("\"target\":\"Delta\"");
    private static readonly byte[] SnapshotTarget = Encoding.ASCII.GetBytes("\"target\":\"Snapshot\"");
    private static readonly byte[] ResyncTarget = Encoding.ASCII.GetBytes("\"target\":\"ResyncRequired\"");
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receive;
    private Task? _ping;
    private long _seq = -1;
    private volatile Watch? _watch;

    private sealed record Watch(string Kind, string Id, Func<string?, bool> Matches, TaskCompletionSource Seen);

    /// <summary>Deltas received.</summary>
    public long Deltas { get; private set; }

    /// <summary>Deltas whose sequence number was not the previous one + 1.</summary>
    public long Gaps { get; private set; }

    /// <summary>ResyncRequired notices (this client fell too far behind).</summary>
    public long Resyncs { get; private set; }

    /// <summary>Connects, subscribes to <paramref name="scope"/> and starts reading.</summary>
    public async Task StartAsync(Uri hubUrl, string scope, string? token, CancellationToken cancellationToken = default)
    {
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" };
        if (token is not null)
        {
            ws.Query = "access_token=" + Uri.EscapeDataString(token);
        }

        // Negotiation skipped: allowed with the WebSockets transport, which is all this client speaks.
        await _socket.ConnectAsync(ws.Uri, cancellationToken);
        await SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        await SendAsync($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"{scope}\",null,-1]}}",
            cancellationToken);
        _receive = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        _ping = Task.Run(() => PingLoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Completes when a delta arrives holding a change of entity <paramref name="kind"/>/<paramref name="id"/> whose data
    /// (JSON text, null = removed) satisfies <paramref name="matches"/>. One watch at a time; only watched deltas are parsed.
    /// </summary>
    public Task WaitForChangeAsync(string kind, string id, Func<string?, bool> matches, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var watch = new Watch(kind, id, matches, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _watch = watch;
        return watch.Seen.Task.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>Completes when the scope's snapshot has arrived.</summary>
    public Task WaitForSnapshotAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _snapshot.Task.WaitAsync(timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }

        foreach (var t in new[] { _receive, _ping })
        {
            if (t is not null)
            {
                try
                {
                    await t;
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                }
            }
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message + (char)RecordSeparator);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
    }

    private async Task PingLoopAsync(CancellationToken cancellationToken)
    {
        // The server closes a connection it has not heard from in 30 s.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await SendAsync("{\"type\":6}", cancellationToken);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer.AsSpan(0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }

            // One WebSocket message may hold several SignalR messages, each ended by the record separator.
            var span = message.WrittenSpan;
            for (var end = span.IndexOf(RecordSeparator); end >= 0; end = span.IndexOf(RecordSeparator))
            {
                Handle(span[..end]);
                span = span[(end + 1)..];
            }

            message.Clear();
        }
    }

    private void Handle(ReadOnlySpan<byte> m)
    {
        // Only the envelope's head is looked at: the target comes before the arguments in SignalR's JSON.
        var head = m[..Math.Min(m.Length, 64)];
        if (head.IndexOf(DeltaTarget) >= 0)
        {
            Deltas++;
            var seq = Seq(m);
            if (_seq >= 0 && seq != _seq + 1)
            {
                Gaps++;
            }

            _seq = seq;
            if (_watch is { } watch && Changed(m, watch))
            {
                _watch = null;
                watch.Seen.TrySetResult();
            }
        }
        else if (head.IndexOf(SnapshotTarget) >= 0)
        {
            _seq = Seq(m);
            _snapshot.TrySetResult();
        }
        else if (head.IndexOf(ResyncTarget) >= 0)
        {
            Resyncs++;
        }
    }

    private static bool Changed(ReadOnlySpan<byte> m, Watch watch)
    {
        using var doc = JsonDocument.Parse(m.ToArray());
        foreach (var c in doc.RootElement.GetProperty("arguments")[0].GetProperty("changes").EnumerateArray())
        {
            if (c.GetProperty("kind").GetString() == watch.Kind && c.GetProperty("id").GetString() == watch.Id
                && watch.Matches(c.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null))
            {
                return true;
            }
        }

        return false;
    }

    private static long Seq(ReadOnlySpan<byte> m)
    {
        var at = m.IndexOf(SeqKey);
        if (at < 0)
        {
            return -1;
        }

        long value = 0;
        for (var i = at + SeqKey.Length; i < m.Length && m[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = value * 10 + (m[i] - '0');
        }

        return value;
    }
}
