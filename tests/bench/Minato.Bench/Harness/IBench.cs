namespace Minato.Bench.Harness;

/// <summary>One benchmark: measures our figure and its baseline in the same run and returns the results.</summary>
/// <remarks>Add a bench: one file under Benches/, then one line in <see cref="BenchRegistry"/>.</remarks>
public interface IBench
{
    /// <summary>Name on the command line (<c>./minato bench &lt;name&gt;</c>) and in the JSON line.</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default);
}
