namespace Minato.Disaster.Recovery;

/// <summary>
/// The result of a survey, certificate or ledger operation: a status, the value when there is one, and otherwise a
/// message saying exactly what is wrong (it never contains personal data, so it can go into a problem response).
/// </summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value, string? Message = null)
    where T : class
{
    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value);

    public static Outcome<T> Created(T value) => new(OutcomeStatus.Created, value);

    public static Outcome<T> Fail(OutcomeStatus status, string message) => new(status, null, message);
}
