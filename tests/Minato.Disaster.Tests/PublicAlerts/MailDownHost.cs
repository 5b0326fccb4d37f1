using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The alerts host pointed at an SMTP port where nothing listens (a mail server that is down), 3 tries each.</summary>
public sealed class MailDownHost : AlertsHost
{
    protected override Task PrepareAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // closed again: connecting is refused
        Settings["Minato:Mail:Host"] = "127.0.0.1";
        Settings["Minato:Mail:Port"] = port.ToString(CultureInfo.InvariantCulture);
        Settings["Minato:Mail:Security"] = "None";
        Settings["Minato:Mail:MaxAttempts"] = "3";
        Settings["Minato:Mail:RetryDelayMs"] = "20";
        return Task.CompletedTask;
    }
}
