using System.Globalization;
using System.Text;

namespace Minato.Disaster.CheckIn;

/// <summary>
/// The one normalisation of names, kana and addresses for 安否 search: Unicode NFKC (full-width letters and half-width
/// kana folded), no white space of any kind (山田 太郎 = 山田太郎), katakana as hiragana (ヤマダ = やまだ), lower case.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            // Katakana ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above their hiragana; ー and the rest stay as they are.
            sb.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="normalized"/> is written in kana only (the query searches the kana field).</summary>
    public static bool IsKana(string normalized) =>
        normalized.Length > 0 && normalized.All(c => c is >= '\u3041' and <= '\u309F' or 'ー');

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
