using Minato.Audit;
using Minato.Gis.Database;

namespace Minato.Server.Cli;

/// <summary>
/// <c>audit verify</c>: recomputes the <c>ops.audit_log</c> hash chain and reports every broken link (exit 1) or the
/// intact chain with its head hash (exit 0), which can be noted elsewhere to anchor the chain.
/// </summary>
internal static class AuditCommand
{
    public const string Usage = "usage: minato audit verify";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || args[0] != "verify")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (!CliCommands.TryGetConnectionString(out var connectionString))
        {
            return 2;
        }

        await using var db = GisDataSource.Create(connectionString);
        var result = await AuditVerifier.VerifyAsync(db);
        if (result.Intact)
        {
            Console.WriteLine($"audit chain intact: {result.Rows} rows, head seq {result.HeadSeq}, head hash {result.HeadHash}");
            return 0;
        }

        await Console.Error.WriteLineAsync($"audit chain BROKEN: {result.Problems.Count} problem(s) in {result.Rows} rows");
        foreach (var p in result.Problems)
        {
            await Console.Error.WriteLineAsync("  " + p);
        }

        return 1;
    }
}
