using System.Globalization;
using System.Xml;
using NetTopologySuite.Geometries;
using Minato.Gis.Routing;

namespace Minato.Gis.Import;

/// <summary>
/// Roads from OSM XML 0.6: every way tagged <c>highway</c> becomes a row keyed <c>way/{id}</c>.
/// Mapping: road_class = highway value; name = name, name:ja or ref; width_m = width (m), else lanes × 3.0 m;
/// oneway = yes/true/1 (also roundabouts and motorways), -1 reverses the line; emergency_route = any
/// <c>emergency_route</c> value except no/0/false (緊急輸送道路; the tag is this project's convention).
/// Ways with missing nodes (cut by the extract) are rejected and reported. For the routing graph a way is split at every
/// node it shares with another way (pieces keyed <c>way/{id}#n</c>), and <c>foot</c> follows <see cref="PedestrianAccess"/>.
/// </summary>
internal static class OsmRoadReader
{
    /// <summary>Per-lane width used when only <c>lanes</c> is tagged (道路構造令: 3.0 m for urban roads).</summary>
    public const double LaneWidthM = 3.0;

    private static readonly HashSet<string> NotRoads = new(StringComparer.Ordinal)
    {
        "proposed", "construction", "abandoned", "disused", "razed", "platform", "bus_stop", "rest_area", "services", "elevator",
    };

    public static ParsedFile<RoadRow> Read(string path, ImportOptions options)
    {
        var parsed = new ParsedFile<RoadRow>("osm");
        var nodes = new Dictionary<long, Coordinate>();
        var ways = new List<(long Id, List<long> Refs, Dictionary<string, string> Tags)>();
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore,
                IgnoreWhitespace = true });
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "osm")
            {
                parsed.FatalError = $"not an OSM XML file: the root element is <{reader.LocalName}>, expected <osm>";
                return parsed;
            }

            (long Id, List<long> Refs, Dictionary<string, string> Tags)? way = null;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "way" && way is { } done)
                {
                    ways.Add(done);
                    way = null;
                    continue;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "node":
                        if (long.TryParse(reader.GetAttribute("id"), CultureInfo.InvariantCulture, out var nid)
                            && double.TryParse(reader.GetAttribute("lon"), CultureInfo.InvariantCulture, out var lon)
                            && double.TryParse(reader.GetAttribute("lat"), CultureInfo.InvariantCulture, out var lat))
                        {
                            nodes[nid] = new Coordinate(lon, lat);
                        }

                        break;
                    case "way":
                        _ = long.TryParse(reader.GetAttribute("id"), CultureInfo.InvariantCulture, out var wid);
                        var w = (wid, new List<long>(), new Dictionary<string, string>(StringComparer.Ordinal));
                        if (reader.IsEmptyElement)
                        {
                            ways.Add(w);
                        }
                        else
                        {
                            way = w;
                        }

                        break;
                    case "nd" when way is { } current:
                        if (long.TryParse(reader.GetAttribute("ref"), CultureInfo.InvariantCulture, out var nref))
                        {
                            current.Refs.Add(nref);
                        }

                        break;
                    case "tag" when way is { } current:
                        if (reader.GetAttribute("k") is { } k && reader.GetAttribute("v") is { } v)
                        {
                            current.Tags[k] = v;
                        }

                        break;
                }
            }
        }
        catch (XmlException e)
        {
            parsed.FatalError = $"malformed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}";
            return parsed;
        }

        var source = options.Source ?? "osm";
        var roads = new List<(long Id, List<long> Refs, Dictionary<string, string> Tags, string Highway)>();
        foreach (var (id, refs, tags) in ways)
        {
            parsed.Read++;
            if (!tags.TryGetValue("highway", out var highway) || NotRoads.Contains(highway) || tags.GetValueOrDefault("area") == "yes")
            {
                parsed.Skipped++;
                continue;
            }

            var missing = refs.Where(r => !nodes.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                parsed.Errors.Add(new RecordRef("way", id).Error($"{missing.Count} of {refs.Count} nodes are missing from the file "
                    + $"(e.g. node {missing[0]}): the extract cut this way"));
                continue;
            }

            if (refs.Distinct().Count() < 2)
            {
                parsed.Errors.Add(new RecordRef("way", id).Error("fewer than 2 distinct nodes"));
                continue; // and no junction: a degenerate way must not split the ways it touches
            }

            roads.Add((id, refs, tags, highway));
        }

        // The routing graph is noded at shared OSM nodes only: a node used twice (by two ways, or twice by one) is a junction
        // and the way is split there. A bridge crossing a road shares no node with it, so it stays no junction.
        var uses = new Dictionary<long, int>();
        foreach (var road in roads)
        {
            for (var i = 0; i < road.Refs.Count; i++)
            {
                // A closed way's last node is its first: counted once, so a lone loop is not split at its start.
                if (i == road.Refs.Count - 1 && road.Refs.Count > 1 && road.Refs[i] == road.Refs[0])
                {
                    break;
                }

                uses[road.Refs[i]] = uses.GetValueOrDefault(road.Refs[i]) + 1;
            }
        }

        foreach (var (id, refs, tags, highway) in roads)
        {
            AddWay(parsed, source, id, refs, tags, highway, nodes, uses);
        }

        if (parsed.Skipped > 0)
        {
            parsed.Notes.Add($"skipped {parsed.Skipped} way(s) that are not roads (no highway tag, area=yes, or proposed/construction)");
        }

        return parsed;
    }

    private static void AddWay(ParsedFile<RoadRow> parsed, string source, long id, List<long> refs, Dictionary<string, string> tags,
        string highway, Dictionary<long, Coordinate> nodes, Dictionary<long, int> uses)
    {
        var where = new RecordRef("way", id);
        if (refs.Count < 2)
        {
            parsed.Errors.Add(where.Error("fewer than 2 distinct nodes"));
            return;
        }

        var oneway = tags.GetValueOrDefault("oneway") switch
        {
            "yes" or "true" or "1" => 1,
            "-1" or "reverse" => -1,
            "no" or "false" or "0" => 0,
            _ => tags.GetValueOrDefault("junction") is "roundabout" or "circular" || highway == "motorway" ? 1 : 0,
        };
        var ordered = oneway == -1 ? Enumerable.Reverse(refs).ToList() : refs;
        var pieces = Split(ordered, uses);
        var lines = new List<LineString>(pieces.Count);
        foreach (var piece in pieces)
        {
            var line = piece.Count < 2 ? null
                : GeometryChecks.CleanLine(GeometryChecks.Factory.CreateLineString(piece.Select(r => nodes[r].Copy()).ToArray()));
            if (line is null)
            {
                continue; // a piece between two uses of one node (a zero-length spur) carries no way
            }

            if (GeometryChecks.Check(line) is { } problem)
            {
                parsed.Errors.Add(where.Error(problem));
                return;
            }

            lines.Add(line);
        }

        if (lines.Count == 0)
        {
            parsed.Errors.Add(where.Error("fewer than 2 distinct nodes"));
            return;
        }

        var width = Metres(tags.GetValueOrDefault("width"));
        if (width is null && int.TryParse(tags.GetValueOrDefault("lanes"), CultureInfo.InvariantCulture, out var lanes) && lanes > 0)
        {
            width = lanes * LaneWidthM;
        }

        var emergency = tags.TryGetValue("emergency_route", out var er) && er is not ("no" or "0" or "false");
        var name = tags.GetValueOrDefault("name") ?? tags.GetValueOrDefault("name:ja") ?? tags.GetValueOrDefault("ref");
        var foot = PedestrianAccess.FromOsm(highway, tags);
        for (var i = 0; i < lines.Count; i++)
        {
            var key = lines.Count == 1 ? $"way/{id}" : $"way/{id}#{i + 1}";
            parsed.Rows.Add(new RoadRow(where, source, key, name, highway, (float?)width, oneway != 0, emergency, lines[i], foot));
        }
    }

    /// <summary>The way cut at every inner node that is a junction (used more than once).</summary>
    private static List<List<long>> Split(List<long> refs, Dictionary<long, int> uses)
    {
        var pieces = new List<List<long>>();
        var current = new List<long> { refs[0] };
        for (var i = 1; i < refs.Count; i++)
        {
            current.Add(refs[i]);
            if (i < refs.Count - 1 && uses.GetValueOrDefault(refs[i]) > 1)
            {
                pieces.Add(current);
                current = [refs[i]];
            }
        }

        pieces.Add(current);
        return pieces;
    }

    /// <summary>OSM width: "3.5", "3.5 m", "3,5"; feet and other units are not accepted (null).</summary>
    private static double? Metres(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var t = value.Trim().Replace(',', '.');
        if (t.EndsWith('m'))
        {
            t = t[..^1].Trim();
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v < 200 ? v : null;
    }
}
