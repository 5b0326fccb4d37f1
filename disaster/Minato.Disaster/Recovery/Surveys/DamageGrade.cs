namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// The damage grade of a dwelling (住家の被害の程度) under the Cabinet Office's damage assessment standard, from the
/// least to the most severe. Always derived from a damage ratio by <see cref="DamageGrades.Classify"/>, never typed in.
/// </summary>
public enum DamageGrade
{
    /// <summary>一部損壊: damage ratio below 10 %.</summary>
    Partial,

    /// <summary>準半壊: 10 % to below 20 %.</summary>
    SemiHalf,

    /// <summary>半壊: 20 % to below 30 %.</summary>
    Half,

    /// <summary>中規模半壊: 30 % to below 40 %.</summary>
    MediumScaleHalf,

    /// <summary>大規模半壊: 40 % to below 50 %.</summary>
    LargeScaleHalf,

    /// <summary>全壊: 50 % or more.</summary>
    Total,
}
