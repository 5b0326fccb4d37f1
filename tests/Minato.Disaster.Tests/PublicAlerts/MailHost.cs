using System.Globalization;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The alerts host sending e-mail to a real SMTP sink (aiosmtpd) started for it.</summary>
public sealed class MailHost : AlertsHost
{
    private SmtpSink? _sink;

    public SmtpSink Sink => _sink ?? throw new InvalidOperationException("not started");

    protected override async Task PrepareAsync()
    {
        _sink = await SmtpSink.StartAsync();
        Settings["Minato:Mail:Host"] = _sink.Host;
        Settings["Minato:Mail:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture);
        Settings["Minato:Mail:Security"] = "None";
        Settings["Minato:Mail:RetryDelayMs"] = "50";
        Settings["Minato:PublicAlerts:PublicBaseUrl"] = "https://gis.minato.example";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }
}
