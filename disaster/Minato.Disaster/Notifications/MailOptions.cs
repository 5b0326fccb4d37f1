using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Notifications;

/// <summary>
/// Outgoing e-mail, section <c>Minato:Mail</c>. No <see cref="Host"/> = no SMTP server: alerts still publish and every
/// delivery is recorded as <c>skipped</c> with the reason (the demo runs without a mail server).
/// </summary>
public sealed class MailOptions : IOptionsSection
{
    public static string Section => "Minato:Mail";

    /// <summary>SMTP server host name; empty = e-mail is not sent.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c> (submission, port 587), <c>SslOnConnect</c> (port 465) or <c>Auto</c>.</summary>
    [RegularExpression("^(None|StartTls|SslOnConnect|Auto)$")]
    public string Security { get; set; } = "Auto";

    /// <summary>SMTP user; empty = no authentication.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address, RFC 5322 (e.g. <c>港区 防災 &lt;bousai@city.example&gt;</c>).</summary>
    [Required]
    public string From { get; set; } = "港区 防災情報 <alerts@minato.example>";

    /// <summary>Tries per recipient (first try included) before the delivery is recorded as failed.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry (ms); doubled each retry, with jitter.</summary>
    [Range(1, 600_000)]
    public int RetryDelayMs { get; set; } = 2000;

    /// <summary>Timeout of one SMTP operation (s).</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
