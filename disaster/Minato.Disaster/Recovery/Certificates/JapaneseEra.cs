namespace Minato.Disaster.Recovery.Certificates;

/// <summary>
/// Japanese era years (和暦) for certificate numbers and printed dates. Hard-coded rather than taken from
/// <c>JapaneseCalendar</c> so that numbering does not depend on the ICU data of the machine.
/// </summary>
public static class JapaneseEra
{
    // Each era starts on its first day (Reiwa 2019-05-01, Heisei 1989-01-08); newest first.
    private static readonly (DateOnly Start, char Letter, string Name)[] Eras =
    [
        (new DateOnly(2019, 5, 1), 'R', "令和"),
        (new DateOnly(1989, 1, 8), 'H', "平成"),
    ];

    /// <summary>Japan has no daylight saving time: Asia/Tokyo is UTC+9 throughout the eras used here.</summary>
    public static readonly TimeSpan TokyoOffset = TimeSpan.FromHours(9);

    /// <summary>The calendar date in Asia/Tokyo of an instant.</summary>
    public static DateOnly TokyoDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(TokyoOffset).DateTime);

    /// <summary>The era year of a date (Heisei or Reiwa).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before Heisei.</exception>
    public static EraYear Of(DateOnly date)
    {
        foreach (var (start, letter, name) in Eras)
        {
            if (date >= start)
            {
                return new EraYear(letter, name, date.Year - start.Year + 1);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(date), date, "dates before Heisei (1989-01-08) are not supported");
    }

    /// <summary>The date as printed on certificates: 令和8年11月24日.</summary>
    public static string Format(DateOnly date) => $"{Of(date).Text}{date.Month}月{date.Day}日";
}
