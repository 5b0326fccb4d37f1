using System.Security.Claims;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Server.Security;

namespace Minato.Server.Live;

/// <summary>
/// Who may join which live scope: <c>public</c> anyone (no token needed); <c>hq</c> the hq role; <c>district:{d}</c>
/// hq or a district token with district claim d; <c>shelter:{s}</c> hq or a shelter token with shelter claim s;
/// <c>facility:{f}</c> hq or a facility token with facility claim f.
/// </summary>
public static class ScopeAuthorizer
{
    /// <summary>Null when allowed, else the reason for the refusal.</summary>
    public static string? Check(ClaimsPrincipal? user, SituationScope scope)
    {
        if (scope.Kind == ScopeKind.Public)
        {
            return null;
        }

        if (user?.Identity?.IsAuthenticated != true)
        {
            return $"scope {scope} needs a token";
        }

        if (user.IsInRole(MinatoClaims.Hq))
        {
            return null;
        }

        return scope.Kind switch
        {
            ScopeKind.District when user.IsInRole(MinatoClaims.DistrictRole) && user.HasClaim(MinatoClaims.District, scope.Id!) => null,
            ScopeKind.Shelter when user.IsInRole(MinatoClaims.ShelterRole) && user.HasClaim(MinatoClaims.Shelter, scope.Id!) => null,
            ScopeKind.Facility when user.IsInRole(MinatoClaims.FacilityRole) && user.HasClaim(MinatoClaims.Facility, scope.Id!) => null,
            _ => $"this token may not join scope {scope}",
        };
    }
}
