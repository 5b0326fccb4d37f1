using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Server.Hosting;

/// <summary>Host settings, section <c>Minato</c> (e.g. <c>Minato__PublicRequestsPerSecond=50</c>).</summary>
public sealed class ServerOptions : IOptionsSection
{
    public static string Section => "Minato";

    /// <summary>Apply data/migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// The per-address limits of the public API and of the check-in registration (on by default). Only a load test turns them
    /// off (<c>./minato bench public</c> sets <c>Minato__PublicRateLimitsEnabled=false</c> on the server it starts): its
    /// 200 clients share one loopback address. The limit on requests that send e-mail stays on regardless.
    /// </summary>
    public bool PublicRateLimitsEnabled { get; set; } = true;

    /// <summary>Sustained anonymous requests per second per client address on the public API.</summary>
    [Range(1, 100_000)]
    public int PublicRequestsPerSecond { get; set; } = 200;

    /// <summary>Burst size (token bucket) per client address on the public API.</summary>
    [Range(1, 1_000_000)]
    public int PublicBurst { get; set; } = 400;

    /// <summary>Anonymous requests per hour per client address that send an e-mail (self-registration for alerts).</summary>
    [Range(1, 100_000)]
    public int PublicMailRequestsPerHour { get; set; } = 10;

    /// <summary>Anonymous shelter check-in registrations (and card look-ups) per hour per client address.</summary>
    [Range(1, 100_000)]
    public int PublicRegistrationsPerHour { get; set; } = 60;

    /// <summary>SignalR negotiations (connection starts) per minute per client address at <c>/hubs/situation/negotiate</c>.</summary>
    [Range(1, 100_000)]
    public int HubNegotiationsPerMinute { get; set; } = 60;

    /// <summary>Burst of negotiations per client address (token bucket), e.g. a page reload with a reconnect.</summary>
    [Range(1, 100_000)]
    public int HubNegotiationsBurst { get; set; } = 30;
}
