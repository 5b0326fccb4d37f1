using Minato.Disaster.CallUp;
using Minato.Disaster.Security;
using Minato.Gis.Database;

namespace Minato.Server.Cli;

/// <summary>
/// <c>staff import FILE</c>: imports a staff CSV (name,email,phone,district,groups) into the directory — created or
/// updated by e-mail, audited as <c>staff.import</c> by <c>cli</c> (role hq). Prints the counts and one line per refused
/// row; exit 0 when every row was taken, 1 when some were refused, 2 on a usage error.
/// </summary>
internal static class StaffCommand
{
    public const string Usage = "usage: minato staff import FILE.csv";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || args[0] != "import")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (!File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync($"no file {args[1]}");
            return 2;
        }

        if (!CliCommands.TryGetConnectionString(out var connectionString))
        {
            return 2;
        }

        await using var db = GisDataSource.Create(connectionString);
        var result = await new StaffStore(db, TimeProvider.System).ImportAsync(new Actor("cli", MinatoClaims.Hq),
            await File.ReadAllTextAsync(args[1]));
        Console.WriteLine($"staff import {args[1]}: {result.Created} created, {result.Updated} updated, {result.Errors.Count} refused");
        foreach (var e in result.Errors)
        {
            Console.WriteLine($"  line {e.Line}: {e.Error}");
        }

        return result.Errors.Count == 0 ? 0 : 1;
    }
}
