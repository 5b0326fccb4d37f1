namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The result of an explicit publish: the alert as published with its CAP message id and the number of e-mail
/// recipients chosen, or why nothing was published (<see cref="Errors"/> per field when invalid).
/// </summary>
public sealed record PublishResult(
    PublishOutcome Outcome, PublicAlert? Alert = null, long MessageId = 0, int Recipients = 0, string? Error = null,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static PublishResult Invalid(string error, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(PublishOutcome.Invalid, Error: error, Errors: errors);

    public static PublishResult NotFound { get; } = new(PublishOutcome.NotFound, Error: "no such alert");

    public static PublishResult Conflict(string error) => new(PublishOutcome.Conflict, Error: error);
}
