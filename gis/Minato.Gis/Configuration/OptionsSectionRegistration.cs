namespace Minato.Gis.Configuration;

/// <summary>
/// One registered options section: what the host's unknown-key check walks and where it finds the legacy keys to warn
/// about. Registered as a singleton per options class by <see cref="ValidatedOptions.AddValidatedOptions{T}"/>.
/// </summary>
/// <param name="Section">The current path, e.g. <c>Minato:Sensors:Broker</c>.</param>
/// <param name="Type">The options class bound to it.</param>
/// <param name="LegacySection">A former path still read, e.g. <c>Sensors:Broker</c>, or null.</param>
public sealed record OptionsSectionRegistration(string Section, Type Type, string? LegacySection = null);
