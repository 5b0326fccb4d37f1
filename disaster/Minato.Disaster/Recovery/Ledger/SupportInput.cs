namespace Minato.Disaster.Recovery.Ledger;

/// <summary>Support given to a household: kind (see <see cref="SupportKinds"/>), amount in yen (if money), date, note.</summary>
public sealed record SupportInput(string? Kind, long? AmountYen, DateOnly? GivenOn, string? Note)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Kind is null || SupportKinds.LabelOf(Kind) is null)
        {
            errors["kind"] = [$"kind is one of {string.Join(", ", SupportKinds.All)}"];
        }

        if (AmountYen is < 0 or > 100_000_000)
        {
            errors["amountYen"] = ["amountYen is 0–100,000,000 (leave it out for support in kind)"];
        }

        if (GivenOn is null)
        {
            errors["givenOn"] = ["givenOn (YYYY-MM-DD) is required"];
        }

        if (Note is { Length: > HouseholdInput.MaxTextLength })
        {
            errors["note"] = [$"note is at most {HouseholdInput.MaxTextLength} characters"];
        }

        return errors;
    }
}
