using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Situation;

/// <summary>Live situation settings, section <c>Minato:Live</c>.</summary>
public sealed class SituationOptions : IOptionsSection
{
    public static string Section => "Minato:Live";

    /// <summary>High-rate (sensor) changes: at most one publication per interval — the first batch in an interval is sent
    /// at once, what follows as the latest per entity at the end of the interval (ms; 0 = send every change at once).</summary>
    [Range(0, 60_000)]
    public int CoalesceIntervalMs { get; set; } = 1000;

    /// <summary>Deltas kept per scope for <c>Resync</c>; a client further behind gets a fresh snapshot.</summary>
    [Range(1, 1_000_000)]
    public int HistoryPerScope { get; set; } = 1024;

    /// <summary>Messages queued per connection; a connection further behind is told to resync.</summary>
    [Range(2, 1_000_000)]
    public int ConnectionBuffer { get; set; } = 512;

    /// <summary>Anonymous (public-scope) hub connections this node accepts in all; more are refused (staff are never limited).</summary>
    [Range(0, 1_000_000)]
    public int MaxAnonymousConnections { get; set; } = 10_000;

    /// <summary>Anonymous hub connections accepted from one IP address (a browser needs one per tab).</summary>
    [Range(0, 100_000)]
    public int MaxAnonymousPerAddress { get; set; } = 20;

    /// <summary>Redis for scale-out (StackExchange.Redis configuration string); empty = one node.</summary>
    public string? Redis { get; set; }
}
