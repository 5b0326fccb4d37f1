using System.Text;

namespace Minato.Server.Security;

/// <summary>
/// Whether a JWT signing key may be used. Any key: at least <see cref="MinBytes"/> bytes (UTF-8). Outside the
/// Development environment also: not one of <see cref="RepositoryKeys"/>, which anyone who reads the repository knows.
/// </summary>
public static class SigningKeyPolicy
{
    /// <summary>The environment variable production sets (it overrides <c>Minato:Auth:SigningKey</c>).</summary>
    public const string Variable = "Minato__Auth__SigningKey";

    public const int MinBytes = 32;

    /// <summary>
    /// Every signing key written anywhere in the repository (appsettings.Development.json, tests, docs). Add a key
    /// here when you write one into a file: a server outside Development refuses to start with it.
    /// </summary>
    public static IReadOnlyList<string> RepositoryKeys { get; } =
    [
        "DEVELOPMENT-ONLY-minato-signing-key-change-me-in-production",
        "an-attacker-key-that-is-long-enough-for-hs256",
    ];

    /// <summary>Null when <paramref name="key"/> may sign tokens, else what is wrong and what to set instead.</summary>
    public static string? Check(string? key, bool development)
    {
        var what = string.IsNullOrEmpty(key) ? "is not set"
            : Encoding.UTF8.GetByteCount(key) < MinBytes ? $"is shorter than {MinBytes} bytes"
            : !development && RepositoryKeys.Contains(key, StringComparer.Ordinal)
                ? "is a key published in the repository (a development key)"
            : null;
        return what is null
            ? null
            : $"the JWT signing key Minato:Auth:SigningKey {what}: set the environment variable {Variable} to a random secret " +
              $"of at least {MinBytes} bytes (e.g. `openssl rand -base64 48`); the server does not start without one " +
              "outside the Development environment";
    }
}
