using Minato.Bench.Benches;

namespace Minato.Bench.Harness;

/// <summary>Every benchmark by name, in the order <c>./minato bench</c> (all) runs them.</summary>
public static class BenchRegistry
{
    public static IReadOnlyList<IBench> All { get; } =
    [
        new TilesBench(),
        new IngestBench(),
        new LiveBench(),
        new RoutesBench(),
        new DecisionsBench(),
        new PublicBench(),
    ];

    public static IBench? Find(string name) => All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
}
