namespace Minato.Gis;

/// <summary>
/// Names of the policies every public (anonymous, read-only) endpoint uses; the host defines them. They live in the core
/// project because every module's <c>.Http</c> project maps public endpoints, and no <c>.Http</c> project references another's.
/// </summary>
public static class PublicApi
{
    public const string CorsPolicy = "public";
    public const string RateLimitPolicy = "public";

    /// <summary>Anonymous requests that make the server send an e-mail (self-registration): a much tighter budget per address.</summary>
    public const string MailRateLimitPolicy = "public-mail";

    /// <summary>Anonymous requests that store personal data (shelter check-in registration): a tight budget per address.</summary>
    public const string RegistrationRateLimitPolicy = "public-registration";
}
