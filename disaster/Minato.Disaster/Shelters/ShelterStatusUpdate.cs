using System.Globalization;

namespace Minato.Disaster.Shelters;

/// <summary>
/// The body of <c>PUT /api/shelters/{id}/status</c>: the centre's current counts and needs. Fields are nullable so a
/// missing one is reported as missing, not read as 0. <see cref="Capacity"/> null = keep the current capacity.
/// </summary>
public sealed record ShelterStatusUpdate(
    int? Capacity, int? Headcount, int? Households, ShelterNeedsInput? Needs, IReadOnlyList<SupplyNeedInput>? Supplies)
{
    /// <summary>Field errors (camelCase paths, e.g. <c>supplies[1].unit</c>); empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Capacity is { } cap && (cap < 0 || cap > ShelterLimits.MaxPeople))
        {
            errors["capacity"] =
                [$"capacity must be between 0 and {ShelterLimits.MaxPeople} (got {cap}) / 収容人数は0〜{ShelterLimits.MaxPeople}"];
        }

        People(errors, "headcount", Headcount, required: true);
        People(errors, "households", Households, required: true);
        if (Households > Headcount && Headcount >= 0)
        {
            errors.TryAdd("households", [$"households ({Households}) cannot exceed headcount ({Headcount}) / 世帯数が避難者数を超えています"]);
        }

        if (Needs is { } n)
        {
            People(errors, "needs.wheelchair", n.Wheelchair, required: false, atMost: Headcount);
            People(errors, "needs.infants", n.Infants, required: false, atMost: Headcount);
            People(errors, "needs.medical", n.Medical, required: false, atMost: Headcount);
            if (n.Pets is { } pets && (pets < 0 || pets > ShelterLimits.MaxPets))
            {
                errors["needs.pets"] = [$"needs.pets must be between 0 and {ShelterLimits.MaxPets} (got {pets})"];
            }
        }

        if (Supplies is { } supplies)
        {
            ValidateSupplies(errors, supplies);
        }

        return errors;
    }

    /// <summary>The needs as stored (missing counts = 0). Call after <see cref="Validate"/> found nothing.</summary>
    public ShelterNeeds NeedsOrNone() =>
        Needs is { } n ? new ShelterNeeds(n.Wheelchair ?? 0, n.Infants ?? 0, n.Pets ?? 0, n.Medical ?? 0) : ShelterNeeds.None;

    /// <summary>The supplies as stored (item trimmed). Call after <see cref="Validate"/> found nothing.</summary>
    public IReadOnlyList<SupplyNeed> SuppliesOrNone() =>
        Supplies is null ? [] : Supplies.Select(s => new SupplyNeed(s.Item!.Trim(), s.Quantity!.Value, s.Unit!)).ToList();

    private static void People(Dictionary<string, string[]> errors, string field, int? value, bool required, int? atMost = null)
    {
        if (value is not { } v)
        {
            if (required)
            {
                errors[field] = [$"{field} is required / 必須項目です"];
            }

            return;
        }

        if (v < 0)
        {
            errors[field] = [$"{field} cannot be negative (got {v}) / 負の数は入力できません"];
        }
        else if (v > ShelterLimits.MaxPeople)
        {
            errors[field] = [$"{field} of {v} is beyond the sane bound of {ShelterLimits.MaxPeople} for one centre / 値が大きすぎます"];
        }
        else if (atMost is { } max && max >= 0 && v > max)
        {
            errors[field] = [$"{field} ({v}) cannot exceed headcount ({max}) / 避難者数を超えています"];
        }
    }

    private static void ValidateSupplies(Dictionary<string, string[]> errors, IReadOnlyList<SupplyNeedInput> supplies)
    {
        if (supplies.Count > ShelterLimits.MaxSupplies)
        {
            errors["supplies"] = [$"at most {ShelterLimits.MaxSupplies} supply lines (got {supplies.Count})"];
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < supplies.Count; i++)
        {
            var s = supplies[i];
            var at = "supplies[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (s is null)
            {
                errors[at] = ["a supply line cannot be null"];
                continue;
            }

            var item = s.Item?.Trim();
            if (string.IsNullOrEmpty(item) || item.Length > ShelterLimits.MaxItemLength)
            {
                errors[at + ".item"] = [$"item must be 1–{ShelterLimits.MaxItemLength} characters / 品目を入力してください"];
            }
            else if (!seen.Add(item + "\u001f" + s.Unit))
            {
                errors[at + ".item"] = [$"'{item}' in {s.Unit} is listed twice: give one line per item and unit / 重複しています"];
            }

            if (s.Quantity is not { } q || q <= 0 || q > ShelterLimits.MaxQuantity)
            {
                errors[at + ".quantity"] = [$"quantity must be more than 0 and at most {ShelterLimits.MaxQuantity} / 数量が不正です"];
            }

            if (s.Unit is null || !ShelterLimits.Units.Contains(s.Unit, StringComparer.Ordinal))
            {
                errors[at + ".unit"] = [$"unknown unit '{s.Unit}': use one of {string.Join(", ", ShelterLimits.Units)} / 単位が不明です"];
            }
        }
    }
}
