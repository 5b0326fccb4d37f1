using Minato.Gis.Database;
using Minato.Gis.Import;

namespace Minato.Server.Cli;

/// <summary>
/// <c>demo load [--dir PATH]</c>: load the project's own demo dataset (data/demo, 架空 / made-up data) into MINATO_DB
/// through the importers. Idempotent. Exit code 0 when every file loaded cleanly, else the worst import exit code.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "load" || (args.Length != 1 && !(args.Length == 3 && args[1] == "--dir")))
        {
            Console.Error.WriteLine("usage: demo load [--dir PATH]");
            return 2;
        }

        if (!CliCommands.TryGetConnectionString(out var connectionString))
        {
            return 2;
        }

        var folder = args.Length == 3 ? Path.GetFullPath(args[2]) : DemoDataset.FindFolder();
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine("demo dataset not found (expected demo/ beside the binaries or data/demo in the repository)");
            return 2;
        }

        await using var dataSource = GisDataSource.Create(connectionString);
        var results = await DemoDataset.LoadAsync(new LayerImporter(dataSource, TimeProvider.System), folder);
        var worst = 0;
        foreach (var (result, (_, file)) in results.Zip(DemoDataset.Files))
        {
            ImportCommand.Print(result, Path.Combine(folder, file));
            worst = Math.Max(worst, result.Rejected > 0 && result.ExitCode == 0 ? 1 : result.ExitCode);
        }

        var stations = Path.Combine(folder, "stations.geojson");
        if (File.Exists(stations))
        {
            worst = Math.Max(worst, await ImportCommand.ImportStationsAsync(connectionString, stations));
        }

        Console.WriteLine(await Minato.Disaster.Shelters.ShelterDemoLoader.LoadAsync(dataSource, folder, TimeProvider.System));
        Console.WriteLine(await Minato.Disaster.Tasks.TaskDemoLoader.LoadAsync(dataSource, folder, TimeProvider.System));
        Console.WriteLine(await Minato.Disaster.Reports.ReportDemoLoader.LoadAsync(dataSource, folder, TimeProvider.System));
        Console.WriteLine(await Minato.Disaster.Recovery.RecoveryDemoLoader.LoadAsync(dataSource, folder, TimeProvider.System));
        Console.WriteLine(await Minato.Disaster.CallUp.StaffDemoLoader.LoadAsync(dataSource, folder, TimeProvider.System));
        Console.WriteLine(worst == 0 ? "demo dataset loaded (DEMO / 架空 data, not official)" : "demo dataset load had problems (see above)");
        return worst;
    }
}
