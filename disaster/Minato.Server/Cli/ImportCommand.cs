using Minato.Gis.Database;
using Minato.Audit;
using Minato.Gis.Import;
using Minato.Sensors.Stations;

namespace Minato.Server.Cli;

/// <summary>
/// <c>import &lt;layer&gt; &lt;file&gt; [--source NAME] [--valid-from yyyy-mm-dd]</c>: run the importer for a layer, print one
/// line per rejected record and a summary. Exit codes: 0 imported (rejected records, if any, are listed), 1 nothing
/// imported (every record rejected or skipped), 2 usage error, 3 fatal (unreadable or malformed file, database failure: nothing stored).
/// </summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<string>();
        string? source = null;
        DateOnly? validFrom = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--source" when i + 1 < args.Length:
                    source = args[++i];
                    break;
                case "--valid-from" when i + 1 < args.Length && DateOnly.TryParse(args[i + 1],
                    System.Globalization.CultureInfo.InvariantCulture, out var d):
                    validFrom = d;
                    i++;
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count != 2 || positional[0].StartsWith('-'))
        {
            Usage();
            return 2;
        }

        if (!CliCommands.TryGetConnectionString(out var connectionString))
        {
            return 2;
        }

        var (layer, file) = (positional[0], Path.GetFullPath(positional[1]));
        if (layer == StationsLayer)
        {
            return await ImportStationsAsync(connectionString, file);
        }

        if (layer != StationsLayer && !LayerImporter.Layers.Any(l => l.Layer == layer))
        {
            Console.Error.WriteLine($"unknown layer '{layer}'");
            Usage();
            return 2;
        }

        await using var dataSource = GisDataSource.Create(connectionString);
        var importer = new LayerImporter(dataSource, TimeProvider.System);
        var result = await importer.ImportAsync(layer, file, new ImportOptions { Source = source, ValidFrom = validFrom });
        Print(result, file);
        if (result.Inserted + result.Updated > 0)
        {
            await AuditLog.AppendAsync(dataSource, CliAudit("import." + layer, layer, new { file = Path.GetFileName(file), result.Inserted,
                result.Updated, rejected = result.Errors.Count }));
        }

        return result.ExitCode;
    }

    /// <summary>Telemetry stations belong to the sensors module, which owns their importer.</summary>
    private const string StationsLayer = "stations";

    internal static async Task<int> ImportStationsAsync(string connectionString, string file)
    {
        await using var dataSource = GisDataSource.Create(connectionString);
        var result = await new StationImporter(new StationStore(dataSource)).ImportFileAsync(file);
        if (result.Imported > 0)
        {
            await AuditLog.AppendAsync(dataSource, CliAudit("import.stations", "station", new { file = Path.GetFileName(file),
                result.Imported, rejected = result.Errors.Count }));
        }

        Console.WriteLine($"import stations ← {file} (geojson)");
        foreach (var error in result.Errors)
        {
            Console.WriteLine(error.Index >= 0 ? $"feature {error.Index}: {error.Id}: {error.Message}" : error.Message);
        }

        // The station importer upserts without telling new from changed rows, hence a summary of its own shape.
        Console.WriteLine($"stations: {result.Imported} imported or updated, {result.Errors.Count} rejected");
        return result.Imported > 0 ? 0 : 1;
    }

    /// <summary>
    /// CLI imports are audited after they commit (the importers own their transactions): the actor is the operating-system
    /// user who ran the command, with the role <c>admin</c> (shell access to the server is the administrator's).
    /// </summary>
    private static AuditRecord CliAudit(string action, string entity, object details) =>
        new("cli:" + Environment.UserName, "admin", action, entity, null, details);

    /// <summary>Prints a result: header, notes, one line per rejected record, the summary (and a fatal error to stderr).</summary>
    internal static void Print(ImportResult result, string file)
    {
        Console.WriteLine($"import {result.Layer} ← {file} ({result.Format})");
        foreach (var note in result.Notes)
        {
            Console.WriteLine($"  note: {note}");
        }

        foreach (var error in result.Errors)
        {
            Console.WriteLine(error.ToString());
        }

        if (result.FatalError is not null)
        {
            Console.Error.WriteLine($"error: {result.FatalError}");
        }

        Console.WriteLine($"read {result.Read}, imported {result.Inserted}, updated {result.Updated}, unchanged {result.Unchanged}, " +
                          $"skipped {result.Skipped}, rejected {result.Rejected}" +
                          (result.FatalError is null ? "" : " — FAILED, nothing stored"));
    }

    private static void Usage()
    {
        Console.Error.WriteLine("usage: import <layer> <file> [--source NAME] [--valid-from yyyy-mm-dd]");
        Console.Error.WriteLine("layers:");
        foreach (var (layer, formats) in LayerImporter.Layers)
        {
            Console.Error.WriteLine($"  {layer,-17} {formats}");
        }

        Console.Error.WriteLine($"  {StationsLayer,-17} GeoJSON points of telemetry stations (see data/demo/stations.geojson)");

        Console.Error.WriteLine("exit codes: 0 imported (rejected rows listed), 1 nothing imported (all rejected or skipped), 2 usage, 3 "
            + "fatal (nothing stored)");
    }
}
