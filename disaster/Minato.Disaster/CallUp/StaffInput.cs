using System.Text.RegularExpressions;

namespace Minato.Disaster.CallUp;

/// <summary>
/// The body of <c>POST /api/staff</c> and <c>PUT /api/staff/{id}</c> (and one row of a CSV import): name, e-mail,
/// phone (optional), district HQ (<c>hq</c>, <c>shiba</c>, <c>azabu</c>, <c>akasaka</c>, <c>takanawa</c>,
/// <c>shibaura-konan</c>) and 配備 groups (1–10 ids of 1–32 letters, digits, <c>-</c> or <c>_</c>, e.g. <c>A</c>).
/// </summary>
public sealed partial record StaffInput(string? Name, string? Email, string? Phone, string? District, List<string>? Groups)
{
    /// <summary>Errors per field; empty when the input can be stored.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            errors["name"] = ["1–100 characters"];
        }

        var email = Email?.Trim();
        if (email is null || email.Length > 254 || !EmailPattern().IsMatch(email) || !MimeKit.MailboxAddress.TryParse(email, out _))
        {
            errors["email"] = ["a valid e-mail address is required (user@example.jp)"];
        }

        if (Phone is not null && (Phone.Trim().Length > 30 || !PhonePattern().IsMatch(Phone.Trim())))
        {
            errors["phone"] = ["at most 30 characters of digits, spaces, +, -, (, )"];
        }

        if (!StaffDistricts.IsKnown(District))
        {
            errors["district"] = [$"one of {string.Join(", ", StaffDistricts.All)}"];
        }

        if (CheckGroups(Groups, allowEmpty: false) is { } groupError)
        {
            errors["groups"] = [groupError];
        }

        return errors;
    }

    /// <summary>Null when <paramref name="groups"/> is a valid list of 配備 group ids, else why not.</summary>
    public static string? CheckGroups(IReadOnlyList<string>? groups, bool allowEmpty)
    {
        if (groups is null || (groups.Count == 0 && !allowEmpty) || groups.Count > 10)
        {
            return allowEmpty ? "0–10 group ids" : "1–10 group ids (e.g. [\"A\"])";
        }

        if (groups.Any(g => g is null || !GroupPattern().IsMatch(g)) || groups.Distinct(StringComparer.Ordinal).Count() != groups.Count)
        {
            return "distinct ids of 1–32 letters, digits, - or _";
        }

        return null;
    }

    /// <summary>The stored form: trimmed, groups sorted.</summary>
    internal StaffInput Normalized() => new(Name!.Trim(), Email!.Trim(), string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
        District, [.. Groups!.Order(StringComparer.Ordinal)]);

    [GeneratedRegex("^[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[0-9+() -]{0,30}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[\\p{L}\\p{N}_-]{1,32}$")]
    private static partial Regex GroupPattern();
}
