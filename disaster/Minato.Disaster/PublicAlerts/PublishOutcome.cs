namespace Minato.Disaster.PublicAlerts;

/// <summary>What publishing (issue, update, cancel) came to.</summary>
public enum PublishOutcome
{
    Published,

    /// <summary>The request or its area failed a check (<see cref="PublishResult.Error"/> says which; 422).</summary>
    Invalid,

    /// <summary>No alert with that id.</summary>
    NotFound,

    /// <summary>The alert is already cancelled.</summary>
    Conflict,
}
