namespace Minato.Disaster.CallUp;

/// <summary>
/// JMA seismic intensity (震度) classes as JMA's XML writes them (<c>1</c> … <c>4</c>, <c>5-</c> 5弱, <c>5+</c> 5強,
/// <c>6-</c>, <c>6+</c>, <c>7</c>), ordered. The Japanese names (5弱, 6強 …) are read too. Pure.
/// </summary>
public static class SeismicIntensity
{
    private static readonly string[] Classes = ["1", "2", "3", "4", "5-", "5+", "6-", "6+", "7"];

    /// <summary>The canonical class of <paramref name="text"/> (<c>5弱</c> → <c>5-</c>), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        var t = text?.Trim().Replace("弱", "-", StringComparison.Ordinal).Replace("強", "+", StringComparison.Ordinal)
            .Replace("震度", "", StringComparison.Ordinal);
        return t is not null && Classes.Contains(t, StringComparer.Ordinal) ? t : null;
    }

    /// <summary>1 … 9 for a class (5- = 5, 7 = 9); 0 when it is not one.</summary>
    public static int Rank(string? text) => Normalize(text) is { } c ? Array.IndexOf(Classes, c) + 1 : 0;

    /// <summary>The Japanese name: 震度5弱.</summary>
    public static string NameJa(string intensity) =>
        "震度" + (Normalize(intensity) ?? intensity).Replace("-", "弱", StringComparison.Ordinal).Replace("+", "強", StringComparison.Ordinal);
}
