using System.Security.Cryptography;
using System.Text;

namespace Minato.Disaster.CallUp;

/// <summary>
/// The capability in an answer link: 32 random bytes (256 bits) as base64url; only its SHA-256 is stored, so a copy
/// of the database answers no call-up. Pure.
/// </summary>
public static class AnswerToken
{
    /// <summary>The longest token accepted (a new one is 43 characters).</summary>
    public const int MaxLength = 64;

    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token ?? ""));

    /// <summary>Whether <paramref name="token"/> has the shape of a token (else it is refused without a database look-up).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: > 0 and <= MaxLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
