using System.Collections.Concurrent;
using Minato.Gis.Database;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Minato.Gis.Routing;

/// <summary>
/// A snapshot of the walkable network: the rows of <c>gis.roads</c> with <c>foot</c> and not <c>blocked</c>, undirected
/// (one-way restrictions do not bind walkers), in compressed adjacency arrays, with each edge's highest hazard rank per
/// area kind and a grid index for snapping. Built in one repeatable-read transaction together with the layer versions
/// it reflects, so a caller can tell whether it is current. Coordinates in EPSG:6668; lengths in metres. Immutable and
/// thread-safe (the snap cache is concurrent).
/// </summary>
public sealed class RoadGraph
{
    // Grid cells for snapping: 0.002° ≈ 180 m east–west, 220 m north–south at Minato.
    private const double CellDegrees = 0.002;

    internal const string EdgesSql = """
        SELECT id, source_node, target_node, length_m, steps, name, geom
        FROM gis.roads WHERE foot AND NOT blocked ORDER BY id
        """;

    internal const string RanksSql = """
        SELECT r.id, h.kind, max(h.rank)::int
        FROM gis.roads r JOIN gis.hazard_areas h ON ST_Intersects(r.geom, h.geom)
        WHERE r.foot AND NOT r.blocked AND h.kind = ANY($1)
        GROUP BY r.id, h.kind
        """;

    internal const string VersionsSql = """
        SELECT (SELECT version FROM gis.layer_versions WHERE layer = 'roads'),
               (SELECT version FROM gis.layer_versions WHERE layer = 'hazard_areas')
        """;

    private readonly Dictionary<(int X, int Y), int[]> _grid;
    private readonly Dictionary<long, int> _nodeIndex;
    private readonly ConcurrentDictionary<(double Lon, double Lat, bool NoSteps), RoadSnap?> _siteSnaps = new();

    private RoadGraph(GraphVersion version, long[] edgeIds, int[] from, int[] to, double[] length, bool[] steps, string?[] names,
        Coordinate[][] coords, byte[][] ranks, long[] nodeIds)
    {
        var nodeCount = nodeIds.Length;
        NodeIds = nodeIds;
        _nodeIndex = new Dictionary<long, int>(nodeCount);
        for (var n = 0; n < nodeCount; n++)
        {
            _nodeIndex[nodeIds[n]] = n;
        }

        Version = version;
        EdgeIds = edgeIds;
        From = from;
        To = to;
        Length = length;
        Steps = steps;
        Names = names;
        Coords = coords;
        Ranks = ranks;
        NodeCount = nodeCount;
        var degree = new int[nodeCount + 1];
        for (var e = 0; e < from.Length; e++)
        {
            degree[from[e] + 1]++;
            degree[to[e] + 1]++;
        }

        for (var n = 0; n < nodeCount; n++)
        {
            degree[n + 1] += degree[n];
        }

        AdjacencyStart = degree;
        AdjacentEdges = new int[degree[nodeCount]];
        var fill = (int[])degree.Clone();
        for (var e = 0; e < from.Length; e++)
        {
            AdjacentEdges[fill[from[e]]++] = e;
            AdjacentEdges[fill[to[e]]++] = e;
        }

        var grid = new Dictionary<(int, int), List<int>>();
        for (var e = 0; e < coords.Length; e++)
        {
            var (x0, y0, x1, y1) = Cells(coords[e]);
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    if (!grid.TryGetValue((x, y), out var list))
                    {
                        grid[(x, y)] = list = [];
                    }

                    list.Add(e);
                }
            }
        }

        _grid = grid.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>The layer versions this snapshot reflects.</summary>
    public GraphVersion Version { get; }

    public int NodeCount { get; }

    /// <summary>The <c>gis.road_nodes</c> id of each node index.</summary>
    internal long[] NodeIds { get; }

    /// <summary>The node index of a <c>gis.road_nodes</c> id, or -1 when no walkable edge touches it.</summary>
    public int NodeIndex(long roadNodeId) => _nodeIndex.TryGetValue(roadNodeId, out var n) ? n : -1;

    public int EdgeCount => EdgeIds.Length;

    internal long[] EdgeIds { get; }

    internal int[] From { get; }

    internal int[] To { get; }

    internal double[] Length { get; }

    internal bool[] Steps { get; }

    internal string?[] Names { get; }

    internal Coordinate[][] Coords { get; }

    /// <summary>Per area kind (index in <see cref="HazardWeights.AreaKinds"/>), per edge: the highest rank touched (0 = none).</summary>
    internal byte[][] Ranks { get; }

    internal int[] AdjacencyStart { get; }

    internal int[] AdjacentEdges { get; }

    /// <summary>The edge index of a <c>gis.roads</c> id, or -1 when it is not walkable now.</summary>
    public int EdgeIndex(long roadId)
    {
        var i = Array.BinarySearch(EdgeIds, roadId);
        return i >= 0 ? i : -1;
    }

    /// <summary>The layer versions as the database has them now.</summary>
    public static async Task<GraphVersion> ReadVersionAsync(NpgsqlConnection conn, CancellationToken cancellationToken = default)
    {
        // Prepared: run on every public route.
        return (await conn.QueryPreparedAsync(VersionsSql, null,
            r => new GraphVersion(r.IsDBNull(0) ? 0 : r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1)), cancellationToken))[0];
    }

    /// <summary>Reads the network and the hazard ranks in one snapshot.</summary>
    public static async Task<RoadGraph> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = await ReadVersionAsync(conn, cancellationToken);
        var ids = new List<long>();
        var from = new List<int>();
        var to = new List<int>();
        var length = new List<double>();
        var steps = new List<bool>();
        var names = new List<string?>();
        var coords = new List<Coordinate[]>();
        var nodes = new Dictionary<long, int>();
        int Node(long id)
        {
            if (!nodes.TryGetValue(id, out var n))
            {
                nodes[id] = n = nodes.Count;
            }

            return n;
        }

        await using (var cmd = Sql.Command(conn, EdgesSql, tx))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                ids.Add(r.GetInt64(0));
                from.Add(Node(r.GetInt64(1)));
                to.Add(Node(r.GetInt64(2)));
                length.Add(r.GetDouble(3));
                steps.Add(r.GetBoolean(4));
                names.Add(r.IsDBNull(5) ? null : r.GetString(5));
                coords.Add(r.GetFieldValue<LineString>(6).Coordinates);
            }
        }

        var idArray = ids.ToArray();
        var ranks = HazardWeights.AreaKinds.Select(_ => new byte[idArray.Length]).ToArray();
        await using (var cmd = Sql.Command(conn, RanksSql, tx, [HazardWeights.AreaKinds.ToArray()]))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var e = Array.BinarySearch(idArray, r.GetInt64(0));
                var k = IndexOfKind(r.GetString(1));
                if (e >= 0 && k >= 0)
                {
                    ranks[k][e] = (byte)Math.Clamp(r.GetInt32(2), 0, 255);
                }
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new RoadGraph(version, idArray, [.. from], [.. to], [.. length], [.. steps], [.. names], [.. coords], ranks,
            nodes.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray());
    }

    internal static int IndexOfKind(string? kind)
    {
        if (kind is null)
        {
            return -1;
        }

        for (var i = 0; i < HazardWeights.AreaKinds.Count; i++)
        {
            if (HazardWeights.AreaKinds[i] == kind)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The nearest point of the network to (<paramref name="lon"/>, <paramref name="lat"/>) within <paramref name="maxMetres"/>,
    /// on an edge <paramref name="usable"/> accepts; null when there is none. Distances on a local tangent plane (metres).
    /// </summary>
    public RoadSnap? Snap(double lon, double lat, double maxMetres, Func<int, bool> usable)
    {
        ArgumentNullException.ThrowIfNull(usable);
        var ky = 111_320.0;
        var kx = ky * Math.Cos(lat * Math.PI / 180);
        var rx = maxMetres / kx;
        var ry = maxMetres / ky;
        var (x0, y0, x1, y1) = (Cell(lon - rx), Cell(lat - ry), Cell(lon + rx), Cell(lat + ry));
        RoadSnap? best = null;
        var seen = new HashSet<int>();
        for (var cx = x0; cx <= x1; cx++)
        {
            for (var cy = y0; cy <= y1; cy++)
            {
                if (!_grid.TryGetValue((cx, cy), out var edges))
                {
                    continue;
                }

                foreach (var e in edges)
                {
                    if (!seen.Add(e) || !usable(e))
                    {
                        continue;
                    }

                    var candidate = Project(e, lon, lat, kx, ky);
                    if (candidate.DistanceM <= maxMetres && (best is null || candidate.DistanceM < best.DistanceM))
                    {
                        best = candidate;
                    }
                }
            }
        }

        return best;
    }

    /// <summary><see cref="Snap"/> of a site, cached for the life of this snapshot (sites snap to the same edge every time).</summary>
    internal RoadSnap? SnapSite(double lon, double lat, double maxMetres, bool noSteps) =>
        _siteSnaps.GetOrAdd((lon, lat, noSteps), k => Snap(k.Lon, k.Lat, maxMetres, e => !(k.NoSteps && Steps[e])));

    private RoadSnap Project(int edge, double lon, double lat, double kx, double ky)
    {
        var c = Coords[edge];
        var total = 0.0;
        var bestDistance = double.MaxValue;
        var bestAlong = 0.0;
        var bestSegment = 0;
        Coordinate bestPoint = c[0];
        for (var i = 0; i + 1 < c.Length; i++)
        {
            var ax = c[i].X * kx;
            var ay = c[i].Y * ky;
            var dx = (c[i + 1].X * kx) - ax;
            var dy = (c[i + 1].Y * ky) - ay;
            var seg = Math.Sqrt((dx * dx) + (dy * dy));
            var t = seg == 0 ? 0 : Math.Clamp((((lon * kx) - ax) * dx + (((lat * ky) - ay) * dy)) / (seg * seg), 0, 1);
            var px = ax + (t * dx);
            var py = ay + (t * dy);
            var d = Math.Sqrt(Math.Pow((lon * kx) - px, 2) + Math.Pow((lat * ky) - py, 2));
            if (d < bestDistance)
            {
                bestDistance = d;
                bestAlong = total + (t * seg);
                bestSegment = i;
                bestPoint = new Coordinate(px / kx, py / ky);
            }

            total += seg;
        }

        var fraction = total == 0 ? 0 : bestAlong / total;
        return new RoadSnap(edge, bestSegment, bestPoint, fraction, bestDistance);
    }

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    private static (int X0, int Y0, int X1, int Y1) Cells(Coordinate[] c)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var p in c)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        return (Cell(minX), Cell(minY), Cell(maxX), Cell(maxY));
    }
}

/// <summary>The versions of <c>gis.layer_versions</c> a graph reflects (0 = the layer never changed).</summary>
public readonly record struct GraphVersion(long Roads, long HazardAreas);

/// <summary>A point projected on an edge: the segment it lies on, the point (EPSG:6668), the fraction of the edge's length
/// before it, and its distance from the snapped point in metres.</summary>
public sealed record RoadSnap(int Edge, int Segment, Coordinate Point, double Fraction, double DistanceM);
