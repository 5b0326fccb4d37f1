using System.Text.Json;

namespace Minato.Gis.Input;

/// <summary>
/// The one rule for text that arrives from outside (query parameters, JSON bodies, form fields): no NUL, no control
/// characters (tab, CR and LF only in multi-line fields such as notes) and no lone UTF-16 surrogates. PostgreSQL refuses
/// NUL in <c>text</c>, XML (the CAP feed) refuses controls, and a lone surrogate cannot be encoded as UTF-8; each would
/// otherwise surface as a 500 deep inside the server. Pure and thread-safe.
/// </summary>
public static class TextInput
{
    /// <summary>JSON member names of free-text fields, where tab, CR and LF are allowed.</summary>
    public static readonly IReadOnlySet<string> MultiLineFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "note", "text", "body", "description", "instruction", "reason", "specialNeeds",
    };

    /// <summary>Whether the field or one it belongs to is free text (<c>description.ja</c> belongs to <c>description</c>).</summary>
    public static bool IsMultiLine(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split('.').Any(segment => MultiLineFields.Contains(segment.Split('[')[0]));
    }

    /// <summary>
    /// Checks every member name and string of <paramref name="json"/> (below <paramref name="path"/>, at most
    /// <paramref name="maxDepth"/> levels) into <paramref name="errors"/>, keyed by the field's path (<c>body</c> for the
    /// root, <c>….(name)</c> for a bad member name); the first problem of a field wins.
    /// </summary>
    public static void CheckJson(JsonElement json, string path, IDictionary<string, string[]> errors, int maxDepth = 16)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (maxDepth < 0)
        {
            return;
        }

        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                if (!TryGetString(json, IsMultiLine(path), out _, out var problem))
                {
                    errors.TryAdd(path.Length == 0 ? "body" : path, [problem!]);
                }

                return;
            case JsonValueKind.Object:
                foreach (var member in json.EnumerateObject())
                {
                    var name = NameOf(member);
                    if (name is null || Problem(name) is not null)
                    {
                        errors.TryAdd(Join(path, "(name)"), [Problem(name ?? "\ud800")!]);
                        continue;
                    }

                    CheckJson(member.Value, Join(path, name), errors, maxDepth - 1);
                }

                return;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in json.EnumerateArray())
                {
                    CheckJson(item, $"{path}[{i++}]", errors, maxDepth - 1);
                }

                return;
        }
    }

    // A name with a lone surrogate cannot be read as a string.
    private static string? NameOf(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Null when <paramref name="value"/> is acceptable; else why not (bilingual, for a problem's detail).</summary>
    /// <param name="multiLine">Whether tab, CR and LF are allowed (free-text notes, descriptions, messages).</param>
    public static string? Problem(string? value, bool multiLine = false)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "contains a NUL character / NUL 文字は使えません";
            }

            if (char.IsControl(c) && !(multiLine && c is '\t' or '\r' or '\n'))
            {
                return $"contains the control character U+{(int)c:X4} / 制御文字は使えません";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "contains an unpaired UTF-16 surrogate (not valid Unicode text) / 不正な文字が含まれています";
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a JSON string the way <see cref="JsonElement.GetString"/> does, but never throws: an escaped lone surrogate
    /// (<c>"\ud800"</c>), which <see cref="JsonElement.GetString"/> refuses with an exception, and any other text
    /// <see cref="Problem"/> refuses give false and the reason.
    /// </summary>
    public static bool TryGetString(JsonElement element, bool multiLine, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            problem = "must be a string / 文字列で指定してください";
            return false;
        }

        try
        {
            value = element.GetString();
        }
        catch (InvalidOperationException)
        {
            problem = "contains an unpaired UTF-16 surrogate (not valid Unicode text) / 不正な文字が含まれています";
            return false;
        }

        problem = Problem(value, multiLine);
        return problem is null;
    }
}
