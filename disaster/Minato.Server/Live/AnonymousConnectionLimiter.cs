using System.Collections.Concurrent;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>
/// Caps anonymous hub connections, in all and per client address, so the public map cannot exhaust a node's
/// connections and memory (each connection has its own bounded buffer). Staff connections are not counted. Thread-safe.
/// </summary>
internal sealed class AnonymousConnectionLimiter(SituationOptions options)
{
    private readonly ConcurrentDictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private int _total;

    public int Count => Volatile.Read(ref _total);

    /// <summary>Takes a slot for <paramref name="address"/>; null when granted, else why not (bilingual, shown to the client).</summary>
    public string? TryAcquire(string address)
    {
        if (Interlocked.Increment(ref _total) > options.MaxAnonymousConnections)
        {
            Interlocked.Decrement(ref _total);
            return "too many public connections on this server, try again later / 接続数が上限に達しています。しばらくしてから再接続してください";
        }

        var count = _perAddress.AddOrUpdate(address, 1, (_, c) => c + 1);
        if (count > options.MaxAnonymousPerAddress)
        {
            Release(address);
            return $"at most {options.MaxAnonymousPerAddress} public connections per address / 同一アドレスからの接続数が上限を超えています";
        }

        return null;
    }

    public void Release(string address)
    {
        Interlocked.Decrement(ref _total);
        // Remove the entry at zero so the dictionary does not grow with every address ever seen.
        while (_perAddress.TryGetValue(address, out var c))
        {
            if (c <= 1 ? _perAddress.TryRemove(new KeyValuePair<string, int>(address, c)) : _perAddress.TryUpdate(address, c - 1, c))
            {
                return;
            }
        }
    }
}
