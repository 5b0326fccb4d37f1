using System.Globalization;

namespace Minato.Testing;

/// <summary>The one Redis launcher: a private redis-server on a free loopback port, no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private RedisServer(ExternalProcess process) => _process = process;

    public int Port => _process.Port;

    /// <summary>host:port, as StackExchange.Redis and <c>Minato:Live:Redis</c> take it.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("minato-redis-").FullName;
        var port = FreePort.Next();
        return new RedisServer(await ExternalProcess.StartAsync("/usr/bin/redis-server", dir, port,
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", dir));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
