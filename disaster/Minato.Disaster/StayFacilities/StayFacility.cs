using Minato.Disaster.Geo;
using Minato.Disaster.Text;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// A temporary-stay facility (一時滞在施設) with its live state. No personal data: the public sees all of it but
/// <see cref="UpdatedBy"/> (see <see cref="ToPublic"/>).
/// </summary>
public sealed record StayFacility(
    string Id, string Name, string? Address, PointGeometry Location, string Status, LocalizedText StatusLabel, int? Capacity,
    int Accepted, string Crowding, LocalizedText CrowdingLabel, StaySupplies Supplies, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    /// <summary>The public projection (the same without who updated it).</summary>
    public PublicStayFacility ToPublic() =>
        new(Id, Name, Address, Location, Status, StatusLabel, Capacity, Accepted, Crowding, CrowdingLabel, Supplies, UpdatedAt);
}

/// <summary>A stay facility as the public sees it (live kind <c>stay-facility</c>, public scope; the nearest list).</summary>
public sealed record PublicStayFacility(
    string Id, string Name, string? Address, PointGeometry Location, string Status, LocalizedText StatusLabel, int? Capacity,
    int Accepted, string Crowding, LocalizedText CrowdingLabel, StaySupplies Supplies, DateTimeOffset? UpdatedAt);
