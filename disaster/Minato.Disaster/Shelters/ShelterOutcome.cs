namespace Minato.Disaster.Shelters;

/// <summary>How a centre operation ended (mapped to HTTP by the endpoints).</summary>
public enum ShelterOutcome
{
    Ok,
    NotFound,
    Forbidden,
    Conflict,
}
