using System.Security.Claims;

namespace Minato.Disaster.Security;

/// <summary>
/// Who is acting, from the JWT claims (see DESIGN.md "Security"): the subject, the role and, for district and shelter
/// staff, the district or shelter they act for. Every authorisation decision on a specific district or shelter
/// goes through <see cref="CanActForDistrict"/> / <see cref="CanActForShelter"/>; every audit row names the actor.
/// </summary>
public sealed record Actor(string Subject, string Role, string? District = null, string? Shelter = null, string? Facility = null)
{
    /// <summary>Background work of the system itself (escalations, start-up loads); never a person.</summary>
    public static Actor System { get; } = new("system", "system");

    /// <summary>The actor of an authenticated principal, or null when it is anonymous or lacks a subject or role.</summary>
    public static Actor? FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var subject = user.FindFirst("sub")?.Value;
        var role = user.FindFirst(MinatoClaims.Role)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(role))
        {
            return null;
        }

        return new Actor(subject, role, user.FindFirst(MinatoClaims.District)?.Value, user.FindFirst(MinatoClaims.Shelter)?.Value,
            user.FindFirst(MinatoClaims.Facility)?.Value);
    }

    public bool IsHq => Role == MinatoClaims.Hq;

    /// <summary>
    /// Who this is, as one string: role and subject (<c>field:field-3f9a2c1b</c>). A subject alone is not an identity: the
    /// same <c>sub</c> in another role is another person (idempotency keys, throttles and "own" checks use both).
    /// </summary>
    public string Identity => Role + ":" + Subject;

    /// <summary>HQ, or district staff of <paramref name="district"/>.</summary>
    public bool CanActForDistrict(string? district) =>
        IsHq || (Role == MinatoClaims.DistrictRole && district is not null && string.Equals(District, district, StringComparison.Ordinal));

    /// <summary>HQ, or the staff of shelter <paramref name="shelter"/>.</summary>
    public bool CanActForShelter(string? shelter) =>
        IsHq || (Role == MinatoClaims.ShelterRole && shelter is not null && string.Equals(Shelter, shelter, StringComparison.Ordinal));

    /// <summary>HQ, or the staff of temporary-stay facility <paramref name="facility"/> (一時滞在施設).</summary>
    public bool CanActForFacility(string? facility) =>
        IsHq || (Role == MinatoClaims.FacilityRole && facility is not null && string.Equals(Facility, facility, StringComparison.Ordinal));

    /// <summary>An audit record of this actor doing <paramref name="action"/> on an entity.</summary>
    public Minato.Audit.AuditRecord Audit(string action, string entity, string? entityId, object? details = null) =>
        new(Subject, Role, action, entity, entityId, details);
}
