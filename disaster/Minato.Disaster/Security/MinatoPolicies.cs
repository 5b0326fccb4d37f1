namespace Minato.Disaster.Security;

/// <summary>Authorization policy names. Scope-level checks (which district, which shelter) use <see cref="Actor"/>.</summary>
public static class MinatoPolicies
{
    /// <summary>Disaster HQ only.</summary>
    public const string Hq = "hq";

    /// <summary>Any authenticated staff role (hq, district, shelter, field).</summary>
    public const string Staff = "staff";

    /// <summary>Tasking (<c>/api/tasks</c>): any staff role, and the staff of a stay facility (the tasks addressed to it).</summary>
    public const string Tasks = "tasks";

    /// <summary>HQ or a district HQ.</summary>
    public const string District = "district";

    /// <summary>HQ or a shelter.</summary>
    public const string Shelter = "shelter";

    /// <summary>HQ or the staff of a temporary-stay facility (一時滞在施設).</summary>
    public const string Facility = "facility";

    /// <summary>HQ or a relay of JMA messages (e.g. the metropolitan system): <c>POST /api/jma/messages</c>.</summary>
    public const string JmaRelay = "jma-relay";

    /// <summary>HQ or the 安否 call centre (safety inquiries).</summary>
    public const string Safety = "safety";
}
