using System.Security.Cryptography;
using System.Text;

namespace Minato.Disaster.CheckIn;

/// <summary>
/// The opaque token of a registration: 32 random bytes (base64url), unguessable; only its SHA-256 is stored. The QR code
/// holds <see cref="QrPrefix"/> + the token and nothing else: no name, no id, nothing personal.
/// </summary>
public static class EvacueeToken
{
    /// <summary>What a QR code of a registration starts with (the scanner ignores other codes).</summary>
    public const string QrPrefix = "MINATO-EVAC:";

    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    public static string QrPayload(string token) => QrPrefix + token;

    /// <summary>The token in a scanned code or a typed one (with or without the prefix), or null when it cannot be one.</summary>
    public static string? Parse(string? scanned)
    {
        var text = scanned?.Trim();
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith(QrPrefix, StringComparison.Ordinal))
        {
            text = text[QrPrefix.Length..];
        }

        return text.Length == 43 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? text : null;
    }
}
