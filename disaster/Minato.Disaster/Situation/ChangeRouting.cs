namespace Minato.Disaster.Situation;

/// <summary>
/// Where a change goes besides HQ (which sees everything). The producer of a change kind states it once; the scopes
/// apply it: <c>district:{d}</c> sees <see cref="District"/> = d or <see cref="WardWide"/>; <c>shelter:{s}</c> sees
/// <see cref="Shelter"/> = s, and, when <see cref="Alert"/>, alerts of the shelter's district or ward-wide ones;
/// <c>public</c> sees the change's public projection only.
/// </summary>
/// <param name="District">The district the entity belongs to (<c>shiba</c>, …), or null.</param>
/// <param name="Shelter">The evacuation centre the entity belongs to (facility id), or null.</param>
/// <param name="WardWide">Concerns all of Minato (every district and, for alerts, every shelter).</param>
/// <param name="Alert">An alert: evacuation centres of its area see it.</param>
public sealed record ChangeRouting(string? District = null, string? Shelter = null, bool WardWide = false, bool Alert = false)
{
    public static ChangeRouting HqOnly { get; } = new();
}
