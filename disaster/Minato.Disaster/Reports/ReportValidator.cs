using System.Globalization;
using System.Text.Json;
using Minato.Gis.Input;

namespace Minato.Disaster.Reports;

/// <summary>
/// Reads a new report's JSON (<c>{"category","severity","geometry","note","observedAt"}</c>) into a
/// <see cref="ReportDraft"/> or per-field reasons. Unknown members are ignored (a device may keep its own bookkeeping
/// in the queued body). Whether the geometry lies inside Minato City is checked against <c>gis.boundary</c> later.
/// </summary>
public static class ReportValidator
{
    /// <summary>Parses and validates; throws <see cref="JsonException"/> only for text that is not JSON at all.</summary>
    public static ReportValidation Validate(ReadOnlyMemory<byte> json, ReportOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        return Validate(doc.RootElement, options, now);
    }

    public static ReportValidation Validate(JsonElement root, ReportOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["report"] = ["the report must be a JSON object"];
            return ReportValidation.Invalid(errors);
        }

        string? category = null;
        if (!root.TryGetProperty("category", out var c) || c.ValueKind != JsonValueKind.String)
        {
            errors["category"] = [$"category is required: one of {string.Join(", ", ReportCategories.All)}"];
        }
        else if (!TextInput.TryGetString(c, multiLine: false, out var named, out var categoryProblem))
        {
            errors["category"] = ["category " + categoryProblem];
        }
        else if (!ReportCategories.IsKnown(named))
        {
            errors["category"] = [$"unknown category '{named}': one of {string.Join(", ", ReportCategories.All)}"];
        }
        else
        {
            category = named;
        }

        var severity = 0;
        if (!root.TryGetProperty("severity", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out severity)
            || severity is < 1 or > 5)
        {
            errors["severity"] = ["severity must be a whole number from 1 (minor) to 5 (most severe)"];
        }

        NetTopologySuite.Geometries.Geometry? geometry = null;
        if (!root.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
        {
            errors["geometry"] = ["geometry is required: a GeoJSON Point or LineString (lon, lat)"];
        }
        else
        {
            var (read, error) = ReportGeometry.Read(g, options.MaxVertices);
            if (error is not null)
            {
                errors["geometry"] = [error];
            }

            geometry = read;
        }

        string? note = null;
        if (root.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind != JsonValueKind.String)
            {
                errors["note"] = ["note must be a string"];
            }
            else if (!TextInput.TryGetString(n, multiLine: true, out var text, out var problem))
            {
                errors["note"] = ["note " + problem];
            }
            else
            {
                note = text!.Trim();
                if (note.Length > options.MaxNoteLength)
                {
                    errors["note"] = [$"note is too long ({note.Length} > {options.MaxNoteLength} characters)"];
                }

                note = note.Length == 0 ? null : note;
            }
        }

        var observedAt = now;
        if (root.TryGetProperty("observedAt", out var o) && o.ValueKind != JsonValueKind.Null)
        {
            if (!TextInput.TryGetString(o, multiLine: false, out var observedText, out _)
                || !DateTimeOffset.TryParse(observedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out observedAt)
                || !HasOffset(observedText!))
            {
                errors["observedAt"] = ["observedAt must be an ISO 8601 time with an offset, e.g. 2026-09-01T03:15:00Z"];
            }
            else if (observedAt > now.AddMinutes(5))
            {
                errors["observedAt"] = ["observedAt is in the future (is the device clock right?)"];
            }
            else if (observedAt < now.AddDays(-options.MaxObservedAgeDays))
            {
                errors["observedAt"] = [$"observedAt is more than {options.MaxObservedAgeDays} days ago"];
            }
        }

        if (errors.Count > 0)
        {
            return ReportValidation.Invalid(errors);
        }

        // Microsecond precision, as PostgreSQL stores it: the echo of a stored report equals the first answer.
        var stored = new DateTimeOffset(observedAt.UtcTicks - (observedAt.UtcTicks % 10), TimeSpan.Zero);
        return ReportValidation.Valid(new ReportDraft(category!, severity, geometry!, note, stored));
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
