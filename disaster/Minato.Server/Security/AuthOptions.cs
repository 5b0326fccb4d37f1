using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Minato.Gis.Configuration;

namespace Minato.Server.Security;

/// <summary>
/// JWT settings from configuration <c>Minato:Auth:*</c>. The signing key is an HMAC-SHA256 secret of at least 32 bytes
/// (UTF-8), checked by <see cref="SigningKeyPolicy"/>: the one in appsettings.Development.json works in Development only;
/// production sets <c>Minato__Auth__SigningKey</c>.
/// </summary>
public sealed class AuthOptions : IOptionsSection
{
    public static string Section => "Minato:Auth";

    [Required]
    public string Issuer { get; set; } = "minato";

    [Required]
    public string Audience { get; set; } = "minato";

    /// <summary>Checked by <see cref="SigningKeyPolicy"/> at start-up (not here: the rule depends on the environment).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Lifetime of tokens issued by <c>minato token</c> (minutes); at most <see cref="MaxTokenLifetimeMinutes"/>.</summary>
    [Range(1, 60 * 24 * 7)]
    public int TokenLifetimeMinutes { get; set; } = 12 * 60;

    /// <summary>
    /// Longest lifetime a presented token may have (minutes): exp − nbf (or iat), or exp − now when it has neither.
    /// Longer-lived tokens, and tokens without exp, are refused (401).
    /// </summary>
    [Range(1, 60 * 24 * 7)]
    public int MaxTokenLifetimeMinutes { get; set; } = 12 * 60;

    /// <summary>Null when the settings are consistent, else why not (beyond the data annotations).</summary>
    internal string? CheckLifetimes() => TokenLifetimeMinutes > MaxTokenLifetimeMinutes
        ? $"Minato:Auth:TokenLifetimeMinutes ({TokenLifetimeMinutes}) exceeds " +
          $"Minato:Auth:MaxTokenLifetimeMinutes ({MaxTokenLifetimeMinutes})"
        : null;

    internal SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey)) { KeyId = "minato-hs256" };
}
