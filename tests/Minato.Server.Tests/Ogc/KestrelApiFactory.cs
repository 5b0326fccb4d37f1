using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Minato.Server.Tests.Ogc;

/// <summary>
/// The real host on a real Kestrel listener at 127.0.0.1 on a free port, for outside clients (GDAL, curl, browsers)
/// that cannot use the in-memory test server. One per test class.
/// </summary>
public sealed class KestrelApiFactory : MinatoApiFactory
{
    public KestrelApiFactory() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts the server if needed and returns its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            return addresses.First().TrimEnd('/');
        }
    }
}
