namespace Minato.Disaster.Shelters;

/// <summary>The result of a centre operation: the centre as it now is, or why nothing changed.</summary>
public sealed record ShelterResult(ShelterOutcome Outcome, EvacuationCentre? Centre, string? Error = null)
{
    public static ShelterResult Ok(EvacuationCentre centre) => new(ShelterOutcome.Ok, centre);

    public static ShelterResult Fail(ShelterOutcome outcome, string error) => new(outcome, null, error);
}
