using System.Globalization;
using System.Text;
using Minato.Disaster.CheckIn;

namespace Minato.Disaster.Http.CheckIn;

/// <summary>
/// The roster as CSV (RFC 4180, CRLF), UTF-8 with a BOM so a spreadsheet opens the Japanese as Japanese. A cell starting with
/// = + - @ is prefixed with ' so no spreadsheet runs a name as a formula. Times in JST (the centres' clocks), ISO 8601.
/// </summary>
public static class RosterCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "shelter_id", "evacuee_id", "name", "kana", "address", "household_size", "members", "wheelchair", "infants", "pets",
        "medical", "language", "consent", "walk_in", "checked_in_at", "checked_in_by",
    ];

    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static byte[] Write(IReadOnlyList<RosterEntry> roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var e in roster)
        {
            string[] cells =
            [
                e.ShelterId, e.EvacueeId.ToString(CultureInfo.InvariantCulture), e.Name, e.Kana, e.Address ?? "",
                e.HouseholdSize.ToString(CultureInfo.InvariantCulture),
                string.Join(" / ", e.Members.Select(m => m.Kana is null ? m.Name : $"{m.Name}（{m.Kana}）")),
                Num(e.Needs.Wheelchair), Num(e.Needs.Infants), Num(e.Needs.Pets), Num(e.Needs.Medical), e.Needs.Language ?? "",
                e.Consent ? "true" : "false", e.WalkIn ? "true" : "false",
                e.CheckedInAt.ToOffset(Jst).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), e.CheckedInBy,
            ];
            sb.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Num(int? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@')
        {
            v = "'" + v;
        }

        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
