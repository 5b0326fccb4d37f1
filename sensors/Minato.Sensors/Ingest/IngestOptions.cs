using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Sensors.Ingest;

/// <summary>Configuration section <c>Minato:Sensors:Ingest</c>: the MQTT subscription and the batch writer.</summary>
public sealed class IngestOptions : IOptionsSection
{
    public static string Section => "Minato:Sensors:Ingest";

    /// <summary>The section's path before every setting moved under <c>Minato</c>; still read, with a warning.</summary>
    public static string? LegacySection => "Sensors:Ingest";

    public bool Enabled { get; set; } = true;

    /// <summary>Broker host (the embedded broker listens on 127.0.0.1).</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 18830;

    [Required]
    public string Username { get; set; } = "minato-ingest";

    /// <summary>Required with an external broker; with the embedded one an empty password becomes a random per-process secret.</summary>
    public string Password { get; set; } = "";

    /// <summary>Fixed client id: with clean start off it names the persistent session that holds readings while the ingest is
    /// down.</summary>
    [Required]
    public string ClientId { get; set; } = "minato-ingest";

    /// <summary>If set, subscribe through <c>$share/{SharedGroup}/…</c> so several nodes split the stream.</summary>
    public string? SharedGroup { get; set; }

    /// <summary>How long the broker keeps the session (and queued readings) while the ingest is away.</summary>
    [Range(60, 30 * 86400)]
    public int SessionExpirySeconds { get; set; } = 7 * 86400;

    /// <summary>Most readings messages per database transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>
    /// Batches written at once, each in its own transaction (finished and acknowledged in arrival order). More than one
    /// overlaps the database's per-row work with receiving and acknowledging; 1 writes strictly one batch at a time.
    /// </summary>
    [Range(1, 16)]
    public int WriteConcurrency { get; set; } = 2;

    /// <summary>Messages held in memory, unacknowledged, while the database is slow or down; beyond it the broker holds them.</summary>
    [Range(1, 1_000_000)]
    public int BufferCapacity { get; set; } = 20_000;

    /// <summary>MQTT 5 receive maximum: unacknowledged QoS 1 messages the broker may send us (the back-pressure bound).</summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 20_000;

    [Range(0, 86400)]
    public int MaxClockSkewSeconds { get; set; } = 300;

    [Range(1, 3650)]
    public int MaxAgeDays { get; set; } = 30;

    [Range(64, 1_000_000)]
    public int DeadLetterPayloadLimit { get; set; } = 2_000;

    [Range(10, 60_000)]
    public int ReconnectMinDelayMs { get; set; } = 200;

    [Range(100, 300_000)]
    public int ReconnectMaxDelayMs { get; set; } = 10_000;

    public IngestLimits Limits => new(TimeSpan.FromSeconds(MaxClockSkewSeconds), TimeSpan.FromDays(MaxAgeDays));
}
