namespace Minato.Disaster.Tasks;

/// <summary>How a task operation ended (mapped to HTTP by the endpoints).</summary>
public enum TaskOutcome
{
    Ok,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}
