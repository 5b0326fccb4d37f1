using System.Net;
using System.Net.Sockets;

namespace Minato.Testing;

/// <summary>The one way a test picks a port: one the kernel has just handed out on 127.0.0.1.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
