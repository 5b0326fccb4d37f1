using System.Text.RegularExpressions;

namespace Minato.Disaster.Tasks;

/// <summary>
/// Who sends or receives a task: <c>hq</c> (id <c>hq</c>), <c>district</c> (a district id such as <c>shiba</c>),
/// <c>shelter</c> (a shelter's facility id), <c>field</c> (the field teams of a district: a district id) or <c>facility</c>
/// (the staff of a temporary-stay facility, 一時滞在施設: its facility id).
/// </summary>
public sealed partial record TaskUnit(string Kind, string Id)
{
    public const string Hq = "hq";
    public const string District = "district";
    public const string Shelter = "shelter";
    public const string Field = "field";
    public const string Facility = "facility";

    public static IReadOnlyList<string> Kinds { get; } = [Hq, District, Shelter, Field, Facility];

    public static TaskUnit Headquarters { get; } = new(Hq, Hq);

    /// <summary>Null when the unit is well formed, else why not (the existence of the district or centre is checked later).</summary>
    public static string? Check(string? kind, string? id)
    {
        if (kind is null || !Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return $"to.kind must be one of {string.Join(", ", Kinds)}";
        }

        if (kind == Hq)
        {
            return id is null or Hq ? null : "to.id of hq must be 'hq' or omitted";
        }

        if (string.IsNullOrEmpty(id))
        {
            return $"to.id is required for {kind}";
        }

        return kind is Shelter or Facility
            ? (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n > 0
                ? null : $"to.id of a {kind} is its facility id (digits), not '{id}'")
            : (IdPattern().IsMatch(id) ? null : $"to.id '{id}' is not a district id");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
