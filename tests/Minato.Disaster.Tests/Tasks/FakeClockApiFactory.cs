using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Minato.Disaster.Tests.Tasks;

/// <summary>The real host whose clock is a <see cref="FakeTimeProvider"/> (escalation sweeps every 30 fake seconds).</summary>
public sealed class FakeClockApiFactory : MinatoApiFactory
{
    public const int CheckSeconds = 30;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:Tasks:EscalationCheckSeconds", CheckSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }
}
