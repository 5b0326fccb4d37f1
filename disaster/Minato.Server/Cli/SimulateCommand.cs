using System.Globalization;
using Minato.Gis.Database;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;

namespace Minato.Server.Cli;

/// <summary>
/// <c>simulate --scenario typhoon|guerrilla-rain|radiation-spike [--speed 60]</c> or <c>simulate --replay &lt;csv&gt;
/// [--amdno 44132] [--from 2023-09-07T12:00+09:00] [--to 2023-09-09T00:00+09:00]</c>: publishes readings over MQTT as the
/// demo stations (data/demo/stations.geojson; <c>--stations &lt;file&gt;</c>), to the server's broker (<c>--host</c>, <c>--port</c>,
/// default 127.0.0.1:18830). Times run from (now − duration) to now, <c>--speed</c> times faster than real time
/// (0 = as fast as possible). <c>--load-stations</c> first imports the stations file into MINATO_DB.
/// </summary>
internal static class SimulateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Opt(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var scenario = Opt("--scenario");
        var replay = Opt("--replay");
        if ((scenario is null) == (replay is null) || (scenario is not null && !Scenario.Names.Contains(scenario)))
        {
            Console.Error.WriteLine($"usage: simulate --scenario {string.Join('|', Scenario.Names)} [--speed 60] | " +
                "--replay <jma.csv> [--amdno 44132] [--from ISO] [--to ISO]");
            Console.Error.WriteLine("       [--stations data/demo/stations.geojson] [--load-stations] [--host 127.0.0.1] [--port 18830]");
            return 2;
        }

        var speed = double.Parse(Opt("--speed") ?? "60", CultureInfo.InvariantCulture);
        var stationsFile = Opt("--stations") ?? Path.Combine(AppContext.BaseDirectory, "demo", "stations.geojson");
        await using var file = File.OpenRead(stationsFile);
        var (stations, errors) = await StationImporter.ParseAsync(file);
        foreach (var e in errors)
        {
            Console.Error.WriteLine($"stations file, feature {e.Index} ({e.Id}): {e.Message}");
        }

        if (args.Contains("--load-stations"))
        {
            await using var db = GisDataSource.Create(CliCommands.RequireConnectionString());
            var result = await new StationImporter(new StationStore(db)).ImportFileAsync(stationsFile);
            Console.WriteLine($"{result.Imported} stations imported from {stationsFile}");
        }

        var withPasswords = stations.Where(s => s.Password is not null).Select(s => (s.Station, s.Password!)).ToList();
        if (withPasswords.Count == 0)
        {
            Console.Error.WriteLine("no station in the file has an mqtt_password to publish with");
            return 1;
        }

        var now = TimeProvider.System.GetUtcNow();
        List<SimulatedReading> readings;
        TimeSpan duration;
        if (replay is not null)
        {
            var from = DateTimeOffset.Parse(Opt("--from") ?? "2023-09-07T12:00:00+09:00", CultureInfo.InvariantCulture);
            var to = DateTimeOffset.Parse(Opt("--to") ?? "2023-09-09T00:00:00+09:00", CultureInfo.InvariantCulture);
            var series = JmaHourlyReplay.Read(replay, Opt("--amdno") ?? "44132", from, to);
            Console.WriteLine($"replaying {series.Count} 10-minute increments ({series.Sum(s => s.Mm):0.0} mm) from {replay}, {from:O} → "
                + $"{to:O}, shifted to end now");
            duration = to - from;
            // Every rain gauge gets the recorded series; rivers and posts follow the typhoon scenario's models at the same pace.
            readings = [.. series.SelectMany(r => withPasswords.Where(s => s.Station.Kind == StationKind.Rain)
                .Select(s => new SimulatedReading(s.Station.Id, r.At - from, r.Mm)))];
        }
        else
        {
            duration = Scenario.Duration(scenario!);
            readings = [.. Scenario.Generate(scenario!, [.. withPasswords.Select(s => s.Station)])];
        }

        var start = now - duration;
        var host = Opt("--host") ?? "127.0.0.1";
        var port = int.Parse(Opt("--port") ?? "18830", CultureInfo.InvariantCulture);
        await using var publisher = await SimulationPublisher.ConnectAsync(host, port, withPasswords);
        Console.WriteLine($"publishing {readings.Count} readings of {withPasswords.Count} stations to {host}:{port} at {speed}× "
            + $"(simulated {duration})");
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var rejected = 0;
        foreach (var group in readings.GroupBy(r => r.Offset).OrderBy(g => g.Key))
        {
            if (speed > 0)
            {
                var due = TimeSpan.FromTicks((long)(group.Key.Ticks / speed));
                if (due > wall.Elapsed)
                {
                    await Task.Delay(due - wall.Elapsed);
                }
            }

            foreach (var r in group)
            {
                if (!await publisher.PublishAsync(r.StationId, start + r.Offset, r.Value))
                {
                    rejected++;
                }
            }

            var values = string.Join("  ", group.Take(6).Select(r => $"{r.StationId}={r.Value}"));
            Console.WriteLine($"  {(start + group.Key).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-dd HH:mm} JST  {values}");
        }

        Console.WriteLine($"done: {readings.Count - rejected} published, {rejected} refused by the broker");
        return rejected == 0 ? 0 : 1;
    }
}
