using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Minato.Disaster.Situation;

/// <summary>A live scope: <c>hq</c>, <c>district:{id}</c>, <c>shelter:{id}</c>, <c>facility:{id}</c> (a stay facility's staff)
/// or <c>public</c>. Immutable.</summary>
public readonly partial record struct SituationScope(ScopeKind Kind, string? Id)
{
    public static SituationScope Hq { get; } = new(ScopeKind.Hq, null);

    public static SituationScope Public { get; } = new(ScopeKind.Public, null);

    public static SituationScope ForDistrict(string id) => new(ScopeKind.District, id);

    public static SituationScope ForShelter(string id) => new(ScopeKind.Shelter, id);

    public static SituationScope ForFacility(string id) => new(ScopeKind.Facility, id);

    /// <summary>Parses the wire form; ids are 1–64 characters of lower-case letters, digits and <c>-_</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SituationScope? scope)
    {
        scope = text switch
        {
            "hq" => Hq,
            "public" => Public,
            not null when text.StartsWith("district:", StringComparison.Ordinal) && IdPattern().IsMatch(text[9..]) => ForDistrict(
                text[9..]),
            not null when text.StartsWith("shelter:", StringComparison.Ordinal) && IdPattern().IsMatch(text[8..]) => ForShelter(text[8..]),
            not null when text.StartsWith("facility:", StringComparison.Ordinal) && IdPattern().IsMatch(text[9..]) => ForFacility(
                text[9..]),
            _ => null,
        };
        return scope is not null;
    }

    public override string ToString() => Kind switch
    {
        ScopeKind.Hq => "hq",
        ScopeKind.Public => "public",
        ScopeKind.District => "district:" + Id,
        ScopeKind.Facility => "facility:" + Id,
        _ => "shelter:" + Id,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
