using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Minato.Testing;

/// <summary>
/// The one way a test host serves on a real socket: Kestrel at 127.0.0.1 on a free port, for outside clients (GDAL,
/// curl, browsers, SignalR over WebSockets) that cannot use the in-memory test server.
/// </summary>
public static class Kestrel
{
    /// <summary>Makes the factory's host listen on a real loopback port (call before the host starts).</summary>
    public static void ListenOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts the server if needed and returns its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string LoopbackAddress<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.First().TrimEnd('/');
    }
}
