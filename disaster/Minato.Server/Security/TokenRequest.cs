using Minato.Disaster.Security;

namespace Minato.Server.Security;

/// <summary>What a token grants: a role and, for district, shelter and stay-facility staff, the id they act for.</summary>
public sealed record TokenRequest(
    string Subject, string Role, string? District = null, string? Shelter = null, TimeSpan? Lifetime = null, string? Facility = null)
{
    /// <summary>Null when the request is consistent, else why not.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Subject))
        {
            return "a subject is required";
        }

        if (!MinatoClaims.Roles.Contains(Role))
        {
            return $"unknown role '{Role}' (one of {string.Join(", ", MinatoClaims.Roles)})";
        }

        if (Role == MinatoClaims.DistrictRole && string.IsNullOrWhiteSpace(District))
        {
            return "role district needs --district <id>";
        }

        if (Role == MinatoClaims.ShelterRole && string.IsNullOrWhiteSpace(Shelter))
        {
            return "role shelter needs --shelter <id>";
        }

        if (Role == MinatoClaims.FacilityRole && string.IsNullOrWhiteSpace(Facility))
        {
            return "role facility needs --facility <id>";
        }

        return Lifetime is { } l && l <= TimeSpan.Zero ? "the lifetime must be positive" : null;
    }
}
