using System.Globalization;

namespace Minato.Gis.Import;

/// <summary>
/// Typed access to one record's fields that collects problems instead of throwing, so a row reports every
/// problem at once. Each accessor takes the accepted field names in order of preference.
/// </summary>
internal sealed class Fields(IImportRecord record)
{
    private static readonly string[] TrueWords = ["1", "true", "yes", "y", "t", "○", "◯", "〇", "有", "可", "はい"];
    private static readonly string[] FalseWords = ["0", "false", "no", "n", "f", "", "×", "-", "無", "不可", "いいえ"];

    public List<string> Problems { get; } = [];

    public bool HasProblems => Problems.Count > 0;

    public string Describe() => string.Join("; ", Problems);

    /// <summary>Trimmed text of the first present, non-blank field.</summary>
    public string? Text(params string[] names)
    {
        foreach (var name in names)
        {
            var v = record.Text(name)?.Trim();
            if (!string.IsNullOrEmpty(v))
            {
                return v;
            }
        }

        return null;
    }

    public string? RequiredText(params string[] names)
    {
        var v = Text(names);
        if (v is null)
        {
            Problems.Add($"missing required field {Names(names)}");
        }

        return v;
    }

    public double? Number(params string[] names)
    {
        var (name, text) = Find(names);
        if (text is null)
        {
            return null;
        }

        var t = text.Replace(",", "", StringComparison.Ordinal).Replace("m", "", StringComparison.OrdinalIgnoreCase).Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }

        Problems.Add($"{name}: '{text}' is not a number");
        return null;
    }

    public double? RequiredNumber(params string[] names)
    {
        var v = Number(names);
        if (v is null && Find(names).Text is null)
        {
            Problems.Add($"missing required field {Names(names)}");
        }

        return v;
    }

    public int? Integer(params string[] names)
    {
        var (name, text) = Find(names);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            return (int)d;
        }

        Problems.Add($"{name}: '{text}' is not a whole number");
        return null;
    }

    public bool? Bool(params string[] names)
    {
        var (name, text) = Find(names);
        if (text is null)
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant();
        if (TrueWords.Contains(t))
        {
            return true;
        }

        if (FalseWords.Contains(t))
        {
            return false;
        }

        Problems.Add($"{name}: '{text}' is not a yes/no value (1/0, true/false)");
        return null;
    }

    public DateOnly? Date(params string[] names)
    {
        var (name, text) = Find(names);
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyyMMdd", "yyyy-M-d"];
        if (DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
        {
            return DateOnly.FromDateTime(dt.UtcDateTime);
        }

        Problems.Add($"{name}: '{text}' is not a date (yyyy-mm-dd)");
        return null;
    }

    public void Check(bool condition, string problem)
    {
        if (!condition)
        {
            Problems.Add(problem);
        }
    }

    private (string Name, string? Text) Find(string[] names)
    {
        foreach (var name in names)
        {
            var v = record.Text(name)?.Trim();
            if (!string.IsNullOrEmpty(v))
            {
                return (name, v);
            }
        }

        return (names[0], null);
    }

    private static string Names(string[] names) => string.Join(" / ", names.Select(n => $"'{n}'"));
}
