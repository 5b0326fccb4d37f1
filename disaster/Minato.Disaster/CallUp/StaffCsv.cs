using System.Text;

namespace Minato.Disaster.CallUp;

/// <summary>
/// Reads a staff CSV (UTF-8, RFC 4180 quoting, a header row): <c>name,email,phone,district,groups</c> in any order,
/// groups separated by <c>;</c> or spaces (<c>A;B</c>). Each data row becomes a <see cref="StaffInput"/> or an error
/// with its line number; one bad row never stops the others. Pure.
/// </summary>
public static class StaffCsv
{
    /// <summary>The columns, all required in the header (phone may be empty in a row).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["name", "email", "phone", "district", "groups"];

    /// <summary>The rows of <paramref name="text"/>: (line, input) or (line, error); a header error is line 1.</summary>
    public static IReadOnlyList<(int Line, StaffInput? Input, string? Error)> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = Records(text.TrimStart('\uFEFF')).ToList();
        if (records.Count == 0)
        {
            return [(1, null, "empty file: a header row name,email,phone,district,groups is required")];
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return [(records[0].Line, null, $"header: missing column(s) {string.Join(", ", missing)}")];
        }

        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c), StringComparer.Ordinal);
        var rows = new List<(int, StaffInput?, string?)>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }

            if (fields.Count != header.Count)
            {
                rows.Add((line, null, $"{fields.Count} fields, the header has {header.Count}"));
                continue;
            }

            string Field(string name) => fields[index[name]].Trim();
            var groups = Field("groups").Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            rows.Add((line, new StaffInput(Field("name"), Field("email"), Field("phone") is { Length: > 0 } p ? p : null,
                Field("district"), groups), null));
        }

        return rows;
    }

    private static IEnumerable<(int Line, List<string> Fields)> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (start, fields);
                fields = [];
                line++;
                start = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
