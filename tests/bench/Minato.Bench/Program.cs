using Minato.Bench.Harness;

// Usage: Minato.Bench <name|all|list>. Run through `./minato bench`, which sets MINATO_DB to a migrated `minato_bench`.
var name = args.Length > 0 ? args[0] : "all";
if (name is "list" or "--help" or "-h")
{
    foreach (var b in BenchRegistry.All)
    {
        Console.WriteLine($"  {b.Name,-12} {b.Description}");
    }

    return 0;
}

var benches = name == "all" ? BenchRegistry.All : BenchRegistry.Find(name) is { } one ? [one] : [];
if (benches.Count == 0)
{
    await Console.Error.WriteLineAsync($"unknown bench '{name}'; known: {string.Join(", ", BenchRegistry.All.Select(b => b.Name))}");
    return 2;
}

// The servers and `minato token` processes it starts run in Production: they need a signing key, the same for all.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Minato__Auth__SigningKey")))
{
    Environment.SetEnvironmentVariable("Minato__Auth__SigningKey",
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var context = BenchContext.FromEnvironment(args[1..]);
await CpuMeter.CountPostgresOfAsync(context.ConnectionString, cts.Token);
var rc = 0;
foreach (var bench in benches)
{
    try
    {
        var results = await bench.RunAsync(context, cts.Token);
        ReportWriter.Write(Console.Out, bench.Name, results);
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        await Console.Error.WriteLineAsync($"bench {bench.Name} failed: {e}");
        rc = 1;
    }
}

return rc;
