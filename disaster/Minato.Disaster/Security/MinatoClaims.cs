namespace Minato.Disaster.Security;

/// <summary>Claim types and roles of Minato tokens (see DESIGN.md "Security").</summary>
public static class MinatoClaims
{
    public const string Role = "role";
    public const string District = "district";
    public const string Shelter = "shelter";

    public const string Hq = "hq";
    public const string DistrictRole = "district";
    public const string ShelterRole = "shelter";
    public const string Field = "field";
    public const string Public = "public";

    /// <summary>The 安否 call centre: answers families' inquiries (GET /api/safety/search); no other staff endpoint.</summary>
    public const string CallCentre = "call-centre";

    public static IReadOnlyList<string> Roles { get; } = [Hq, DistrictRole, ShelterRole, Field, Public, CallCentre];
}
