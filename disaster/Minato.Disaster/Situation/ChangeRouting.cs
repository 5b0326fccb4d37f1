namespace Minato.Disaster.Situation;

/// <summary>
/// Where a change goes besides HQ (which sees everything). The producer of a change kind states it once; the scopes
/// apply it: <c>district:{d}</c> sees a change that <see cref="Concerns"/> d or is <see cref="WardWide"/>;
/// <c>shelter:{s}</c> sees <see cref="Shelter"/> = s, and, when <see cref="Alert"/>, alerts concerning the shelter's
/// district or ward-wide ones;
/// <c>public</c> sees the change's public projection only.
/// </summary>
/// <param name="District">The district the entity belongs to (<c>shiba</c>, …), or null.</param>
/// <param name="Shelter">The shelter the entity belongs to (facility id), or null.</param>
/// <param name="WardWide">Concerns all of Minato (every district and, for alerts, every shelter).</param>
/// <param name="Alert">An alert: shelters of its area see it.</param>
/// <param name="Districts">Further districts the entity concerns (an alert for several districts), besides <paramref
/// name="District"/>.</param>
/// <param name="Facility">The temporary-stay facility the entity belongs to (facility id; scope <c>facility:{id}</c>), or null.</param>
public sealed record ChangeRouting(
    string? District = null, string? Shelter = null, bool WardWide = false, bool Alert = false, IReadOnlyList<string>? Districts = null,
    string? Facility = null)
{
    public static ChangeRouting HqOnly { get; } = new();

    /// <summary>True when the change belongs to district <paramref name="district"/> (ward-wide ones aside).</summary>
    public bool Concerns(string? district) =>
        district is not null && (District == district || (Districts is not null && Districts.Contains(district, StringComparer.Ordinal)));
}
