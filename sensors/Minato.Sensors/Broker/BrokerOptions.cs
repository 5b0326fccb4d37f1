using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Sensors.Broker;

/// <summary>Configuration section <c>Minato:Sensors:Broker</c>: the embedded MQTT 5 broker (off = use an external broker).</summary>
public sealed class BrokerOptions : IOptionsSection
{
    public static string Section => "Minato:Sensors:Broker";

    /// <summary>The section's path before every setting moved under <c>Minato</c>; still read, with a warning.</summary>
    public static string? LegacySection => "Sensors:Broker";

    /// <summary>Run the embedded MQTTnet broker inside the server (the default, so the demo needs no extra server).</summary>
    public bool Embedded { get; set; } = true;

    /// <summary>Listen address; loopback by default (expose deliberately).</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 18830;

    /// <summary>Messages the broker queues per client (the ingest's persistent session while it is away).</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 1_000_000;
}
