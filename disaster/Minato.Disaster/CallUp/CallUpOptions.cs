using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.CallUp;

/// <summary>Staff call-up settings, section <c>Minato:CallUp</c>.</summary>
public sealed class CallUpOptions : IOptionsSection
{
    public static string Section => "Minato:CallUp";

    /// <summary>
    /// Where the answer links in the e-mails point (<c>https://gis.city.minato.example</c>): the address staff reach
    /// from their phones. Empty = <c>Minato:PublicAlerts:PublicBaseUrl</c>, else the address of the request that
    /// started the call-up, else <c>http://localhost:5080</c> (set it in production: a call-up JMA starts has no request).
    /// </summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>Minutes after a call-up starts when those who have not answered get a reminder (once).</summary>
    [Range(1, 24 * 60)]
    public int ReminderMinutes { get; set; } = 30;

    /// <summary>How often due reminders are looked for (seconds): a reminder goes out at most this late.</summary>
    [Range(1, 3600)]
    public int CheckSeconds { get; set; } = 30;

    /// <summary>How long an answer link works after the call-up starts (hours); ending the call-up ends it earlier.</summary>
    [Range(1, 24 * 14)]
    public int LinkLifetimeHours { get; set; } = 48;
}
