namespace Minato.Disaster.Security;

/// <summary>Claim types and roles of Minato tokens (see DESIGN.md "Security").</summary>
public static class MinatoClaims
{
    public const string Role = "role";
    public const string District = "district";
    public const string Shelter = "shelter";

    /// <summary>The temporary-stay facility (一時滞在施設, facility id) a <see cref="FacilityRole"/> token acts for.</summary>
    public const string Facility = "facility";

    public const string Hq = "hq";
    public const string DistrictRole = "district";
    public const string ShelterRole = "shelter";
    public const string Field = "field";
    public const string FacilityRole = "facility";
    public const string Public = "public";

    /// <summary>The 安否 call centre: answers families' inquiries (GET /api/safety/search); no other staff endpoint.</summary>
    public const string CallCentre = "call-centre";

    /// <summary>A machine that relays JMA messages (POST /api/jma/messages only).</summary>
    public const string Relay = "relay";

    public static IReadOnlyList<string> Roles { get; } = [Hq, DistrictRole, ShelterRole, Field, FacilityRole, Public, Relay, CallCentre];
}
