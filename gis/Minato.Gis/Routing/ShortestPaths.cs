namespace Minato.Gis.Routing;

/// <summary>
/// Dijkstra's algorithm from one or more seeded nodes over a <see cref="RoadGraph"/>, with a cost factor per edge
/// (length × factor; infinity closes the edge). Keeps, per node, the cost, the length in metres of the cheapest path
/// and the edge it was reached by. Runs over the whole component: the evacuation search needs the cost of every site.
/// </summary>
public sealed class ShortestPaths
{
    private ShortestPaths(double[] cost, double[] length, int[] predecessor)
    {
        Cost = cost;
        LengthM = length;
        Predecessor = predecessor;
    }

    /// <summary>Cost per node (<see cref="double.PositiveInfinity"/> when unreachable).</summary>
    public double[] Cost { get; }

    /// <summary>Length in metres of the cheapest path per node.</summary>
    public double[] LengthM { get; }

    /// <summary>The edge each node was reached by (-1 at a seed or when unreachable).</summary>
    public int[] Predecessor { get; }

    /// <summary>Runs the search; <paramref name="factor"/> gives an edge's cost factor (≥ 1 in practice).</summary>
    public static ShortestPaths Run(RoadGraph graph, IEnumerable<(int Node, double Cost, double Length)> seeds, Func<int, double> factor)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(factor);
        var n = graph.NodeCount;
        var cost = new double[n];
        var length = new double[n];
        var predecessor = new int[n];
        Array.Fill(cost, double.PositiveInfinity);
        Array.Fill(predecessor, -1);
        var queue = new PriorityQueue<int, double>();
        foreach (var (node, c, l) in seeds)
        {
            if (c < cost[node])
            {
                cost[node] = c;
                length[node] = l;
                queue.Enqueue(node, c);
            }
        }

        var edgeFactors = new double[graph.EdgeCount];
        Array.Fill(edgeFactors, double.NaN);
        while (queue.TryDequeue(out var u, out var cu))
        {
            if (cu > cost[u])
            {
                continue; // a stale entry: u was settled cheaper
            }

            for (var i = graph.AdjacencyStart[u]; i < graph.AdjacencyStart[u + 1]; i++)
            {
                var e = graph.AdjacentEdges[i];
                var f = edgeFactors[e];
                if (double.IsNaN(f))
                {
                    edgeFactors[e] = f = factor(e);
                }

                if (double.IsPositiveInfinity(f))
                {
                    continue;
                }

                var v = graph.From[e] == u ? graph.To[e] : graph.From[e];
                var cv = cu + (graph.Length[e] * f);
                if (cv < cost[v])
                {
                    cost[v] = cv;
                    length[v] = length[u] + graph.Length[e];
                    predecessor[v] = e;
                    queue.Enqueue(v, cv);
                }
            }
        }

        return new ShortestPaths(cost, length, predecessor);
    }

    /// <summary>The edges from a seed to <paramref name="node"/>, in walking order, each with the node it is entered from.</summary>
    public IReadOnlyList<(int Edge, int FromNode)> PathTo(RoadGraph graph, int node)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var path = new List<(int, int)>();
        var at = node;
        while (Predecessor[at] is var e and >= 0)
        {
            var previous = graph.From[e] == at ? graph.To[e] : graph.From[e];
            path.Add((e, previous));
            at = previous;
        }

        path.Reverse();
        return path;
    }
}
