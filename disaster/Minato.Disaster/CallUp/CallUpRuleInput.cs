namespace Minato.Disaster.CallUp;

/// <summary>
/// The body of <c>POST /api/callup-rules</c> and <c>PUT /api/callup-rules/{id}</c>: a name, the trigger
/// (<c>triggerKind</c> <c>jma</c> + <c>triggerCode</c>, or <c>intensity</c> + <c>minIntensity</c>), the level
/// (<c>info</c>, <c>first</c>, <c>second</c>, <c>third</c>), the groups (empty = everyone), whether it calls up at once,
/// and whether it is active.
/// </summary>
public sealed record CallUpRuleInput(string? Name, string? TriggerKind, string? TriggerCode, string? MinIntensity, string? Level,
    List<string>? Groups, bool? Immediate, bool? Active)
{
    /// <summary>Errors per field; empty when the rule can be stored.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200)
        {
            errors["name"] = ["1–200 characters"];
        }

        switch (TriggerKind)
        {
            case CallUpTrigger.Jma:
                if (string.IsNullOrWhiteSpace(TriggerCode) || TriggerCode.Trim().Length > 40)
                {
                    errors["triggerCode"] = ["a JMA product or kind code (1–40 characters), e.g. 03 for 大雨警報"];
                }

                if (MinIntensity is not null)
                {
                    errors["minIntensity"] = ["only for triggerKind intensity"];
                }

                break;
            case CallUpTrigger.Earthquake:
                if (SeismicIntensity.Normalize(MinIntensity) is null)
                {
                    errors["minIntensity"] = ["a JMA intensity class: 1, 2, 3, 4, 5-, 5+, 6-, 6+ or 7"];
                }

                if (TriggerCode is not null)
                {
                    errors["triggerCode"] = ["only for triggerKind jma"];
                }

                break;
            default:
                errors["triggerKind"] = ["jma or intensity"];
                break;
        }

        if (!CallUpLevels.IsKnown(Level))
        {
            errors["level"] = ["info, first, second or third"];
        }

        if (StaffInput.CheckGroups(Groups ?? [], allowEmpty: true) is { } groupError)
        {
            errors["groups"] = [groupError];
        }

        return errors;
    }
}
