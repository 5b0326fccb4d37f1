using Minato.Gis.Database;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Minato.Gis.Routing;

// Seeding the search at a snapped start, arriving at a snapped end, and turning the result into a line.
public sealed partial class RoutePlanner
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 6668);

    /// <summary>How an end is reached: through <see cref="Node"/> of its edge (-1: directly along the start's own edge).</summary>
    private readonly record struct Reach(double Cost, double LengthM, int Node);

    private static IEnumerable<(int Node, double Cost, double Length)> Seeds(RoadGraph graph, RoadSnap start, Func<int, double> factor)
    {
        var f = factor(start.Edge);
        if (double.IsPositiveInfinity(f))
        {
            yield break;
        }

        var length = graph.Length[start.Edge];
        yield return (graph.From[start.Edge], start.Fraction * length * f, start.Fraction * length);
        yield return (graph.To[start.Edge], (1 - start.Fraction) * length * f, (1 - start.Fraction) * length);
    }

    private static Reach? Arrive(RoadGraph graph, ShortestPaths paths, RoadSnap start, RoadSnap end, Func<int, double> factor)
    {
        var e = end.Edge;
        var f = factor(e);
        if (double.IsPositiveInfinity(f))
        {
            return null;
        }

        var length = graph.Length[e];
        var best = new Reach(double.PositiveInfinity, 0, -1);
        var viaFrom = paths.Cost[graph.From[e]] + (end.Fraction * length * f);
        if (viaFrom < best.Cost)
        {
            best = new Reach(viaFrom, paths.LengthM[graph.From[e]] + (end.Fraction * length), graph.From[e]);
        }

        var viaTo = paths.Cost[graph.To[e]] + ((1 - end.Fraction) * length * f);
        if (viaTo < best.Cost)
        {
            best = new Reach(viaTo, paths.LengthM[graph.To[e]] + ((1 - end.Fraction) * length), graph.To[e]);
        }

        if (start.Edge == e)
        {
            var along = Math.Abs(end.Fraction - start.Fraction) * length;
            if (along * f <= best.Cost)
            {
                best = new Reach(along * f, along, -1);
            }
        }

        return double.IsPositiveInfinity(best.Cost) ? null : best;
    }

    private async Task<PlannedRoute> BuildAsync(NpgsqlConnection conn, RoadGraph graph, ShortestPaths paths, RoadSnap start,
        RoadSnap end, Reach reach, int rank, RouteSite? site, string? areaKind, RouteMode mode, CancellationToken cancellationToken)
    {
        var line = new List<Coordinate>();
        var steps = new List<StepsOnRoute>();
        void Steps(int edge, double metres)
        {
            if (graph.Steps[edge] && metres > 0)
            {
                steps.Add(new StepsOnRoute(graph.EdgeIds[edge], graph.Names[edge], Math.Round(metres, 1)));
            }
        }

        if (reach.Node < 0)
        {
            Append(line, Between(graph.Coords[start.Edge], start, end));
            Steps(start.Edge, reach.LengthM);
        }
        else
        {
            var path = paths.PathTo(graph, reach.Node);
            var seed = path.Count > 0 ? path[0].FromNode : reach.Node;
            var startLength = graph.Length[start.Edge];
            Append(line, Out(graph.Coords[start.Edge], start, towardStart: seed == graph.From[start.Edge]));
            Steps(start.Edge, seed == graph.From[start.Edge] ? start.Fraction * startLength : (1 - start.Fraction) * startLength);
            foreach (var (edge, from) in path)
            {
                var c = graph.Coords[edge];
                Append(line, from == graph.From[edge] ? c : Enumerable.Reverse(c));
                Steps(edge, graph.Length[edge]);
            }

            var endLength = graph.Length[end.Edge];
            var fromStart = reach.Node == graph.From[end.Edge];
            Append(line, Out(graph.Coords[end.Edge], end, towardStart: fromStart).Reverse());
            Steps(end.Edge, fromStart ? end.Fraction * endLength : (1 - end.Fraction) * endLength);
        }

        if (line.Count == 1)
        {
            line.Add(line[0].Copy()); // start and end project on the same point: a zero-length line, still a LineString
        }

        var geometry = Factory.CreateLineString([.. line]);
        var crossings = areaKind is null ? [] : await CrossingsAsync(conn, areaKind, geometry, cancellationToken);
        var speed = mode == RouteMode.Wheelchair ? Options.WheelchairSpeedMps : Options.WalkSpeedMps;
        return new PlannedRoute(rank, site, geometry, Math.Round(reach.LengthM, 1), Math.Round(reach.LengthM / speed), crossings,
            MergeSteps(steps), Math.Round(start.DistanceM, 1), Math.Round(end.DistanceM, 1));
    }

    private static async Task<IReadOnlyList<HazardCrossing>> CrossingsAsync(NpgsqlConnection conn, string kind, LineString line,
        CancellationToken cancellationToken)
    {
        // Prepared: run on every public route.
        return await conn.QueryPreparedAsync(CrossingsSql, [kind, line],
            r => new HazardCrossing(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetString(3)), cancellationToken);
    }

    private static List<StepsOnRoute> MergeSteps(List<StepsOnRoute> steps) => steps
        .GroupBy(s => s.RoadId)
        .Select(g => new StepsOnRoute(g.Key, g.First().Name, Math.Round(g.Sum(s => s.LengthM), 1)))
        .ToList();

    /// <summary>From the snapped point to one end of its edge: toward the first coordinate or toward the last.</summary>
    private static IEnumerable<Coordinate> Out(Coordinate[] c, RoadSnap snap, bool towardStart)
    {
        yield return snap.Point;
        if (towardStart)
        {
            for (var i = snap.Segment; i >= 0; i--)
            {
                yield return c[i];
            }
        }
        else
        {
            for (var i = snap.Segment + 1; i < c.Length; i++)
            {
                yield return c[i];
            }
        }
    }

    /// <summary>Along one edge from one snapped point to another.</summary>
    private static IEnumerable<Coordinate> Between(Coordinate[] c, RoadSnap a, RoadSnap b)
    {
        yield return a.Point;
        if (a.Fraction <= b.Fraction)
        {
            for (var i = a.Segment + 1; i <= b.Segment; i++)
            {
                yield return c[i];
            }
        }
        else
        {
            for (var i = a.Segment; i > b.Segment; i--)
            {
                yield return c[i];
            }
        }

        yield return b.Point;
    }

    private static void Append(List<Coordinate> line, IEnumerable<Coordinate> coordinates)
    {
        foreach (var c in coordinates)
        {
            if (line.Count == 0 || !line[^1].Equals2D(c))
            {
                line.Add(c.Copy());
            }
        }
    }
}
