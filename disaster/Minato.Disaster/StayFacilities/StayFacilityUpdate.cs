using Minato.Disaster.Shelters;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// The body of <c>PUT /api/stay-facilities/{id}/status</c>: status, people accepted, optionally the capacity (null = keep),
/// and the supplies offered (null = keep). Fields are nullable so a missing one is reported as missing.
/// </summary>
public sealed record StayFacilityUpdate(string? Status, int? Accepted, int? Capacity, StaySupplies? Supplies)
{
    /// <summary>Field errors (camelCase); empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Status is null || !StayStatuses.All.Contains(Status))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", StayStatuses.All)} / 状態が不正です"];
        }

        if (Accepted is not { } accepted || accepted < 0 || accepted > ShelterLimits.MaxPeople)
        {
            errors["accepted"] = [$"accepted is required, between 0 and {ShelterLimits.MaxPeople} / 受入人数が不正です"];
        }

        if (Capacity is { } capacity && (capacity < 0 || capacity > ShelterLimits.MaxPeople))
        {
            errors["capacity"] = [$"capacity must be between 0 and {ShelterLimits.MaxPeople} / 収容人数が不正です"];
        }

        return errors;
    }
}
