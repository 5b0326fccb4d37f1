using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.PublicAlerts;

/// <summary>Resident alert settings, section <c>Minato:PublicAlerts</c>.</summary>
public sealed class PublicAlertOptions : IOptionsSection
{
    public static string Section => "Minato:PublicAlerts";

    /// <summary>CAP <c>&lt;sender&gt;</c>: a globally unique id of the originator (no spaces, commas or &lt; &amp;).</summary>
    [Required]
    [RegularExpression("^[^\\s,<&]+$")]
    public string Sender { get; set; } = "minato-city@alerts.minato.example";

    /// <summary>CAP <c>&lt;senderName&gt;</c> in Japanese.</summary>
    [Required]
    public string SenderNameJa { get; set; } = "港区";

    /// <summary>CAP <c>&lt;senderName&gt;</c> in the other languages.</summary>
    [Required]
    public string SenderNameEn { get; set; } = "Minato City";

    /// <summary>The public address of this server (e.g. <c>https://gis.example.jp</c>), for links in e-mails; empty = no link.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Most vertices accepted in an alert polygon drawn by an operator.</summary>
    [Range(4, 10_000)]
    public int MaxPolygonVertices { get; set; } = 500;

    /// <summary>Most vertices of one CAP <c>&lt;polygon&gt;</c>: district outlines are simplified down to this.</summary>
    [Range(4, 10_000)]
    public int CapPolygonVertices { get; set; } = 100;

    /// <summary>An alert polygon may reach this far (metres) outside the ward boundary (drawing slack along the shore).</summary>
    [Range(0, 5_000)]
    public double WardToleranceMetres { get; set; } = 100;

    /// <summary>
    /// Longest time an alert may stay in force: <c>expires</c> at most this long after its publication (or update). An
    /// alert that would last longer, e.g. until the year 9999, is refused (422 naming <c>expires</c>); re-issue instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);
}
