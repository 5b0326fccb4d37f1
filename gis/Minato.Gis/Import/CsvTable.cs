using System.Text;

namespace Minato.Gis.Import;

/// <summary>
/// A CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) read into a header and rows.
/// Row numbers count the header as row 1, as a spreadsheet shows them.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string[] header, List<CsvRow> rows, string encoding)
    {
        Header = header;
        Rows = rows;
        Encoding = encoding;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            _columns.TryAdd(header[i], i);
        }

        foreach (var row in rows)
        {
            row.Table = this;
        }
    }

    public string[] Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public string Encoding { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    internal int IndexOf(string column) => _columns.TryGetValue(column, out var i) ? i : -1;

    /// <summary>Reads a CSV file, detecting UTF-8 (with or without BOM) or Shift_JIS. Throws <see cref="FormatException"/> on an unclosed
    /// quote.</summary>
    public static CsvTable Read(string path)
    {
        var text = TextDecoding.Decode(File.ReadAllBytes(path), out var encoding);
        return Parse(text, encoding);
    }

    internal static CsvTable Parse(string text, string encoding)
    {
        var records = new List<(int Line, List<string> Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                i++;
                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }

            i++;
        }

        if (inQuotes)
        {
            throw new FormatException($"line {quoteLine}: a quoted field is never closed");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        // Blank lines carry nothing; drop them before numbering rows.
        records.RemoveAll(r => r.Fields.Count == 1 && r.Fields[0].Length == 0);
        if (records.Count == 0)
        {
            throw new FormatException("the file is empty (no header row)");
        }

        var header = records[0].Fields.Select(h => h.Trim().Trim('\uFEFF')).ToArray();
        var rows = new List<CsvRow>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            rows.Add(new CsvRow(r + 1, records[r].Fields.ToArray()));
        }

        return new CsvTable(header, rows, encoding);
    }
}

/// <summary>One CSV data row; <see cref="Number"/> counts the header as row 1.</summary>
internal sealed class CsvRow(int number, string[] values) : IImportRecord
{
    public int Number { get; } = number;

    public string[] Values { get; } = values;

    internal CsvTable? Table { get; set; }

    public string? Text(string name)
    {
        var i = Table?.IndexOf(name) ?? -1;
        return i >= 0 && i < Values.Length ? Values[i] : null;
    }
}
