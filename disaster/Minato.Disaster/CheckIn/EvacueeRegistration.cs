using System.Globalization;

namespace Minato.Disaster.CheckIn;

/// <summary>
/// A household's registration (the public page's form, or a walk-in typed by a centre's staff): the registrant's name,
/// kana and (optional) address, the other members of the household, the household's needs, and whether its centre and
/// status may be disclosed to 安否 (safety) inquiries. Fields are nullable so a missing one is reported, not defaulted.
/// </summary>
public sealed record EvacueeRegistration(
    string? Name, string? Kana, string? Address, IReadOnlyList<EvacueeMember>? Members, EvacueeNeeds? Needs, bool? Consent)
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
    public const int MaxHousehold = 20;
    public const int MaxLanguageLength = 40;

    /// <summary>The registrant plus the members.</summary>
    public int HouseholdSize => 1 + (Members?.Count ?? 0);

    /// <summary>Field errors (camelCase paths, e.g. <c>members[1].kana</c>); empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Text(errors, "name", Name, MaxNameLength, required: true);
        Text(errors, "kana", Kana, MaxNameLength, required: true);
        Text(errors, "address", Address, MaxAddressLength, required: false);
        if (Members is { } members)
        {
            if (members.Count > MaxHousehold - 1)
            {
                errors["members"] = [$"at most {MaxHousehold - 1} members besides the registrant (got {members.Count}) / 人数が多すぎます"];
            }
            else
            {
                for (var i = 0; i < members.Count; i++)
                {
                    var at = "members[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    if (members[i] is not { } m)
                    {
                        errors[at] = ["a member cannot be null / 空の世帯員があります"];
                        continue;
                    }

                    Text(errors, at + ".name", m.Name, MaxNameLength, required: true);
                    Text(errors, at + ".kana", m.Kana, MaxNameLength, required: false);
                }
            }
        }

        if (Needs is { } n)
        {
            Count(errors, "needs.wheelchair", n.Wheelchair, HouseholdSize);
            Count(errors, "needs.infants", n.Infants, HouseholdSize);
            Count(errors, "needs.medical", n.Medical, HouseholdSize);
            Count(errors, "needs.pets", n.Pets, MaxHousehold);
            Text(errors, "needs.language", n.Language, MaxLanguageLength, required: false);
        }

        if (Consent is null)
        {
            errors["consent"] = ["say whether your shelter may be told to people asking after you (true or false) / 安否情報の開示への同意を選んでください"];
        }

        return errors;
    }

    /// <summary>The needs as stored (missing counts = 0, language trimmed or null). Call after <see cref="Validate"/>.</summary>
    public EvacueeNeeds NeedsOrNone() => Needs is { } n
        ? new EvacueeNeeds(n.Wheelchair ?? 0, n.Infants ?? 0, n.Pets ?? 0, n.Medical ?? 0,
            string.IsNullOrWhiteSpace(n.Language) ? null : n.Language.Trim())
        : EvacueeNeeds.None;

    /// <summary>The members as stored (trimmed). Call after <see cref="Validate"/>.</summary>
    public IReadOnlyList<EvacueeMember> MembersOrNone() =>
        Members is null ? [] : Members.Select(m => new EvacueeMember(m.Name!.Trim(), Trimmed(m.Kana))).ToList();

    /// <summary>The normalised names and kana of everyone in the household (what a 安否 search compares with).</summary>
    public string[] SearchKeys() =>
        new[] { Name, Kana }.Concat(MembersOrNone().SelectMany(m => new[] { m.Name, m.Kana }))
            .Select(SearchText.Normalize).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    internal static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = [$"{field} is required / 必須項目です"];
            }
        }
        else if (value.Trim().Length > max)
        {
            errors[field] = [$"{field} must be at most {max} characters / {max}文字以内で入力してください"];
        }
    }

    private static void Count(Dictionary<string, string[]> errors, string field, int? value, int max)
    {
        if (value is { } v && (v < 0 || v > max))
        {
            errors[field] = [$"{field} must be between 0 and {max} (got {v}) / 0〜{max}で入力してください"];
        }
    }
}
