namespace Minato.Disaster.Recovery.Ledger;

/// <summary>
/// A household of the victim ledger (被災者台帳) as written by HQ: head of household (name, optional kana), number of
/// members (1–99), address, contact (phone or e-mail), special needs, note. On update, <see cref="Version"/> (when
/// given) must be the version read, so a concurrent edit is never overwritten silently.
/// </summary>
public sealed record HouseholdInput(
    string? HeadName, string? HeadNameKana, int? Members, string? Address, string? Contact, string? SpecialNeeds, string? Note,
        int? Version = null)
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
    public const int MaxTextLength = 2000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(HeadName) || HeadName.Length > MaxNameLength)
        {
            errors["headName"] = [$"headName (世帯主氏名) is required, at most {MaxNameLength} characters"];
        }

        if (HeadNameKana is { Length: > MaxNameLength })
        {
            errors["headNameKana"] = [$"headNameKana is at most {MaxNameLength} characters"];
        }

        if (Members is not (>= 1 and <= 99))
        {
            errors["members"] = ["members (世帯人数) is 1–99"];
        }

        if (string.IsNullOrWhiteSpace(Address) || Address.Length > MaxAddressLength)
        {
            errors["address"] = [$"address is required, at most {MaxAddressLength} characters"];
        }

        if (Contact is { Length: > MaxAddressLength })
        {
            errors["contact"] = [$"contact is at most {MaxAddressLength} characters"];
        }

        if (SpecialNeeds is { Length: > MaxTextLength } || Note is { Length: > MaxTextLength })
        {
            errors[SpecialNeeds is { Length: > MaxTextLength } ? "specialNeeds" : "note"] = [$"at most {MaxTextLength} characters"];
        }

        return errors;
    }
}
