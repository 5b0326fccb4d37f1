namespace Minato.Disaster.Results;

/// <summary>
/// The result of an operation of the disaster module (reports, shelters, tasks, public alerts, subscribers, surveys,
/// certificates, the ledger): a status, the value when it succeeded, and otherwise a detail saying exactly what is
/// wrong, with <see cref="Errors"/> per field when the input is invalid. The detail never holds personal data, so it
/// can go into a problem response as it is. The HTTP layer maps each status to one status code and one wording.
/// </summary>
public sealed record Outcome<T>(
    OutcomeStatus Status, T? Value, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>Whether <see cref="Value"/> holds the result (done, created or replayed).</summary>
    public bool Succeeded => Status is OutcomeStatus.Ok or OutcomeStatus.Created or OutcomeStatus.Replayed;

    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value);

    public static Outcome<T> Created(T value) => new(OutcomeStatus.Created, value);

    public static Outcome<T> Replayed(T value) => new(OutcomeStatus.Replayed, value);

    public static Outcome<T> Fail(OutcomeStatus status, string detail) => new(status, default, detail);

    public static Outcome<T> NotFound(string detail) => Fail(OutcomeStatus.NotFound, detail);

    public static Outcome<T> Forbidden(string detail) => Fail(OutcomeStatus.Forbidden, detail);

    public static Outcome<T> Conflict(string detail) => Fail(OutcomeStatus.Conflict, detail);

    /// <summary>Invalid input: <paramref name="detail"/> in a sentence, <paramref name="errors"/> per field when known.</summary>
    public static Outcome<T> Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(OutcomeStatus.Invalid, default, detail, errors);

    /// <summary>This failure as the failure of an operation with another value type.</summary>
    public Outcome<TOther> As<TOther>() => Succeeded
        ? throw new InvalidOperationException("a successful outcome carries its value")
        : new(Status, default, Detail, Errors);
}
