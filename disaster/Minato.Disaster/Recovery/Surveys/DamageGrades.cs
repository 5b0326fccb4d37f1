using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// The Cabinet Office bands (災害に係る住家の被害認定基準運用指針) from damage ratio to grade, the wire names and the
/// labels. The same bands are the SQL function <c>ops.damage_grade</c> of migration 0005, which derives the stored grade.
/// Ratios are percentages 0–100 with at most two decimals (the precision stored).
/// </summary>
public static class DamageGrades
{
    /// <summary>Decimal places a damage ratio may have (numeric(5,2) in the database).</summary>
    public const int RatioDecimals = 2;

    private static readonly (DamageGrade Grade, string Wire, LocalizedText Label)[] Table =
    [
        (DamageGrade.Partial, "partial", new("一部損壊", "Partial damage")),
        (DamageGrade.SemiHalf, "semi-half", new("準半壊", "Semi-half destruction")),
        (DamageGrade.Half, "half", new("半壊", "Half destruction")),
        (DamageGrade.MediumScaleHalf, "medium-scale-half", new("中規模半壊", "Medium-scale half destruction")),
        (DamageGrade.LargeScaleHalf, "large-scale-half", new("大規模半壊", "Large-scale half destruction")),
        (DamageGrade.Total, "total", new("全壊", "Total destruction")),
    ];

    /// <summary>Every grade, least severe first.</summary>
    public static IReadOnlyList<DamageGrade> All { get; } = [.. Table.Select(t => t.Grade)];

    /// <summary>The grade of a damage ratio in percent (0–100).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is below 0 or above 100.</exception>
    public static DamageGrade Classify(decimal ratioPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratioPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratioPercent, 100m);
        return ratioPercent switch
        {
            >= 50m => DamageGrade.Total,
            >= 40m => DamageGrade.LargeScaleHalf,
            >= 30m => DamageGrade.MediumScaleHalf,
            >= 20m => DamageGrade.Half,
            >= 10m => DamageGrade.SemiHalf,
            _ => DamageGrade.Partial,
        };
    }

    /// <summary>Null when <paramref name="ratioPercent"/> is a storable damage ratio, else why not.</summary>
    public static string? CheckRatio(decimal ratioPercent) => ratioPercent switch
    {
        < 0m or > 100m => $"the damage ratio must be between 0 and 100 %, got {ratioPercent}",
        _ when decimal.Round(ratioPercent, RatioDecimals) != ratioPercent =>
            $"the damage ratio has at most {RatioDecimals} decimals, got {ratioPercent}",
        _ => null,
    };

    /// <summary>Checks a ratio that arrives as a floating-point number (NaN and infinities are refused).</summary>
    public static bool TryRatio(double ratioPercent, out decimal ratio, out string? error)
    {
        ratio = 0m;
        if (!double.IsFinite(ratioPercent))
        {
            error = $"the damage ratio must be a finite number, got {ratioPercent}";
            return false;
        }

        if (ratioPercent is < 0 or > 100)
        {
            error = $"the damage ratio must be between 0 and 100 %, got {ratioPercent}";
            return false;
        }

        // decimal(double) keeps 15 significant digits, so 9.99 stays 9.99 (not 9.9900000000000002).
        ratio = (decimal)ratioPercent;
        error = CheckRatio(ratio);
        return error is null;
    }

    /// <summary>The wire name (<c>total</c>, <c>large-scale-half</c>, …) used in JSON and in the database.</summary>
    public static string ToWire(this DamageGrade grade) => Table[(int)grade].Wire;

    /// <summary>The Japanese and English label.</summary>
    public static LocalizedText Label(this DamageGrade grade) => Table[(int)grade].Label;

    /// <summary>The grade of a wire name, or null.</summary>
    public static DamageGrade? FromWire(string? wire)
    {
        foreach (var t in Table)
        {
            if (string.Equals(t.Wire, wire, StringComparison.Ordinal))
            {
                return t.Grade;
            }
        }

        return null;
    }
}
