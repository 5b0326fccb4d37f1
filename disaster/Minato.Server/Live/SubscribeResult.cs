namespace Minato.Server.Live;

/// <summary>Answer of <c>Subscribe</c>/<c>Resync</c>: accepted (the snapshot or missed deltas follow as messages) or refused with
/// why.</summary>
public sealed record SubscribeResult(bool Accepted, string? Error = null)
{
    public static SubscribeResult Ok { get; } = new(true);

    public static SubscribeResult Refused(string error) => new(false, error);
}
