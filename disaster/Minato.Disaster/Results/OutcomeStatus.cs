namespace Minato.Disaster.Results;

/// <summary>How an operation ended; the HTTP layer maps each to one status code (<c>OutcomeProblems</c>).</summary>
public enum OutcomeStatus
{
    /// <summary>Done (200).</summary>
    Ok,

    /// <summary>A new entity was stored (201).</summary>
    Created,

    /// <summary>An idempotent retry: the entity stored by the first request (201, <c>Idempotency-Replayed: true</c>).</summary>
    Replayed,

    /// <summary>The addressed entity does not exist (404).</summary>
    NotFound,

    /// <summary>The request is well-formed but refers to something missing or impossible (422, with errors per field when known).</summary>
    Invalid,

    /// <summary>The request conflicts with the current state (409).</summary>
    Conflict,

    /// <summary>The caller may not see or change this entity (403).</summary>
    Forbidden,
}
