namespace Minato.Gis.Configuration;

/// <summary>
/// An options class that names its own configuration section, so registering it (<see cref="ValidatedOptions"/>) binds,
/// validates and records the section in one step, and no list of sections is kept by hand.
/// </summary>
public interface IOptionsSection
{
    /// <summary>The section's path, always under <c>Minato</c>, e.g. <c>Minato:Tiles</c>.</summary>
    static abstract string Section { get; }

    /// <summary>
    /// A former path of the section that is still read (with a warning at start-up naming <see cref="Section"/>), or null.
    /// </summary>
    static virtual string? LegacySection => null;
}
