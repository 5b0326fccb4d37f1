namespace Minato.Gis.Routing;

/// <summary>
/// Whether walkers may use a road, from its OSM tags (or, for GeoJSON, from its class and an optional <c>foot</c> flag).
/// Footways, paths, pedestrian streets, steps, living streets, residential and every other street are in; motorways are
/// out, and trunk roads unless a sidewalk is tagged on them; <c>foot=no</c> and <c>access=no</c>/<c>private</c> (without a
/// foot permission) are respected. One-way restrictions never bind walkers, so they are not consulted here.
/// </summary>
public static class PedestrianAccess
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "yes", "designated", "permissive", "official" };
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal) { "no", "private", "use_sidepath" };
    private static readonly HashSet<string> Sidewalks = new(StringComparer.Ordinal) { "both", "left", "right", "yes" };

    /// <summary>The decision for an OSM way with <paramref name="highway"/> and its <paramref name="tags"/>.</summary>
    public static bool FromOsm(string highway, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.GetValueOrDefault("foot") is { } foot)
        {
            if (Allowed.Contains(foot))
            {
                return true;
            }

            if (Refused.Contains(foot))
            {
                return false;
            }
        }

        if (tags.GetValueOrDefault("access") is { } access && Refused.Contains(access))
        {
            return false;
        }

        return highway switch
        {
            "motorway" or "motorway_link" => false,
            "trunk" or "trunk_link" => HasSidewalk(tags),
            _ => true,
        };
    }

    /// <summary>The default for a road class when a GeoJSON file says nothing: only motorways are closed to walkers
    /// (municipal road data carries no sidewalk tags, and Japanese national roads in the city have sidewalks).</summary>
    public static bool FromClass(string roadClass) => roadClass is not ("motorway" or "motorway_link");

    private static bool HasSidewalk(IReadOnlyDictionary<string, string> tags) =>
        Sidewalks.Contains(tags.GetValueOrDefault("sidewalk") ?? "")
        || Sidewalks.Contains(tags.GetValueOrDefault("sidewalk:both") ?? "")
        || Sidewalks.Contains(tags.GetValueOrDefault("sidewalk:left") ?? "")
        || Sidewalks.Contains(tags.GetValueOrDefault("sidewalk:right") ?? "");
}
