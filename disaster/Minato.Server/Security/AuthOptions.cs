using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Minato.Server.Security;

/// <summary>
/// JWT settings from configuration <c>Minato:Auth:*</c>. The signing key is an HMAC-SHA256 secret of at least 32 bytes
/// (UTF-8); the one in appsettings.json is a development key: production sets <c>Minato__Auth__SigningKey</c>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Minato:Auth";

    [Required]
    public string Issuer { get; set; } = "minato";

    [Required]
    public string Audience { get; set; } = "minato";

    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";

    /// <summary>Lifetime of tokens issued by <c>minato token</c> (minutes).</summary>
    [Range(1, 60 * 24 * 366)]
    public int TokenLifetimeMinutes { get; set; } = 12 * 60;

    internal SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey)) { KeyId = "minato-hs256" };
}
