namespace Minato.Disaster.CallUp;

/// <summary>
/// What may call staff up: a JMA product in force for Minato (<see cref="Kind"/> <c>jma</c>, <see cref="Code"/> the
/// product or kind code a rule names, e.g. <c>03</c> 大雨警報) or an earthquake (<c>intensity</c>, <see
/// cref="Intensity"/> the intensity observed in Minato, e.g. <c>5-</c>). <see cref="Name"/> and <see cref="Reference"/>
/// (the JMA message id) are shown with the proposal. The JMA module calls <see cref="CallUpService.ProposeAsync"/> with
/// one of these for every product it stores in force for Minato.
/// </summary>
public sealed record CallUpTrigger(string? Kind, string? Code = null, string? Intensity = null, string? Name = null,
    string? Reference = null)
{
    public const string Jma = "jma";
    public const string Earthquake = "intensity";

    /// <summary>A JMA product or kind code.</summary>
    public static CallUpTrigger ForJma(string code, string? name = null, string? reference = null) => new(Jma, code, null, name, reference);

    /// <summary>An earthquake with <paramref name="intensity"/> in Minato.</summary>
    public static CallUpTrigger ForIntensity(string intensity, string? reference = null) =>
        new(Earthquake, null, intensity, null, reference);

    /// <summary>Errors per field; empty when the trigger can be matched.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Kind == Jma)
        {
            if (string.IsNullOrWhiteSpace(Code) || Code.Length > 40)
            {
                errors["code"] = ["a JMA product or kind code (1–40 characters) is required for kind jma"];
            }
        }
        else if (Kind == Earthquake)
        {
            if (SeismicIntensity.Normalize(Intensity) is null)
            {
                errors["intensity"] = ["a JMA intensity class: 1, 2, 3, 4, 5-, 5+, 6-, 6+ or 7 (or 5弱, 6強 …)"];
            }
        }
        else
        {
            errors["kind"] = ["jma or intensity"];
        }

        if (Name?.Length > 200 || Reference?.Length > 200)
        {
            errors["name"] = ["name and reference are at most 200 characters"];
        }

        return errors;
    }

    /// <summary>The reason shown on the call-up (ja).</summary>
    public string Reason => Kind == Earthquake
        ? $"{SeismicIntensity.NameJa(Intensity ?? "")} 観測 (気象庁)"
        : $"{(string.IsNullOrWhiteSpace(Name) ? Code : Name)} 発表 (気象庁)";
}
