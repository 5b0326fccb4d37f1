using System.Globalization;
using System.Text.RegularExpressions;

namespace Minato.Disaster.Recovery.Certificates;

/// <summary>
/// Certificate numbers: <c>港区-R8-000123</c> = ward, era year of the issue date (Asia/Tokyo), six-digit sequence,
/// gap-free per era year. The ward prefix may be left out when looking one up (<c>R8-000123</c>), which spares
/// URL-encoding in scripts.
/// </summary>
public static partial class CertificateNumber
{
    public const string WardPrefix = "港区";

    public static string Format(EraYear year, int sequence) => Format(year.Code, sequence);

    public static string Format(string eraYearCode, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        return $"{WardPrefix}-{eraYearCode}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The era-year code and sequence of a number, with or without the ward prefix.</summary>
    public static bool TryParse(string? text, out string eraYearCode, out int sequence)
    {
        eraYearCode = string.Empty;
        sequence = 0;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is not { Success: true } || !int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture,
            out sequence)
            || sequence == 0)
        {
            return false;
        }

        eraYearCode = match.Groups[1].Value;
        return true;
    }

    [GeneratedRegex(@"^(?:港区-)?([HR][1-9][0-9]{0,2})-([0-9]{6,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
