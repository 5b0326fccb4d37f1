namespace Minato.Disaster.Idempotency;

/// <summary>
/// An <c>Idempotency-Key</c> as stored: the operation (<paramref name="Scope"/>, e.g. <c>report.create</c>), the identity
/// that sent it (<see cref="Security.Actor.Identity"/>, role and subject: keys of different people never collide) and the
/// client's key (8–128 visible ASCII characters).
/// </summary>
public readonly record struct IdempotencyKey(string Scope, string Actor, string Key)
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="key"/> is not acceptable as a key, or null when it is.</summary>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "the Idempotency-Key header is required (8–128 characters, e.g. a UUID made once per report on the device)";
        }

        if (key.Length is < MinLength or > MaxLength)
        {
            return $"the Idempotency-Key must be {MinLength}–{MaxLength} characters long (got {key.Length})";
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return "the Idempotency-Key may only hold visible ASCII characters (no spaces)";
            }
        }

        return null;
    }
}
