using Minato.Sensors.Stations;

namespace Minato.Sensors.Simulation;

/// <summary>
/// Synthetic storms over the stations, in 10-minute steps: rain (mm per 10 min) per gauge, river levels (m T.P.) that
/// follow the basin's hourly rain with a lag and recede, and dose rates (µSv/h). Deterministic for a seed.
/// </summary>
public static class Scenario
{
    public static IReadOnlyList<string> Names { get; } = ["typhoon", "guerrilla-rain", "radiation-spike"];

    public static TimeSpan Step { get; } = TimeSpan.FromMinutes(10);

    public static TimeSpan Duration(string name) => name switch
    {
        "typhoon" => TimeSpan.FromHours(18),
        "guerrilla-rain" => TimeSpan.FromHours(4),
        _ => TimeSpan.FromHours(6),
    };

    /// <summary>The readings of a named scenario, ordered by time.</summary>
    public static IReadOnlyList<SimulatedReading> Generate(string name, IReadOnlyList<Station> stations, int seed = 13)
    {
        ArgumentNullException.ThrowIfNull(stations);
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"unknown scenario '{name}' (one of {string.Join(", ", Names)})", nameof(name));
        }

        var random = new Random(seed);
        var steps = (int)(Duration(name) / Step);
        // Hourly intensity (mm/h) per rain gauge and step.
        Func<Station, int, double> intensity = name switch
        {
            // A typhoon: a band ramping up to ~65 mm/h around hour 9 (≈ 250–330 mm in all), then receding; gauges differ and lag by
            // district.
            "typhoon" => (s, i) => 65 * Bell(i * Step.TotalHours, 9 + Shift(s) * 0.5, 1.8) * (0.85 + 0.3 * Unit(s)),
            // A guerrilla rainstorm: 40 minutes of up to ~95 mm/h in the north-west (Akasaka, Azabu), much less elsewhere.
            "guerrilla-rain" => (s, i) => 95 * Bell(i * Step.TotalHours, 1.2, 0.35) * (s.District is "akasaka" or "azabu" ? 1.0 : 0.3),
            _ => (_, _) => 0,
        };

        var readings = new List<SimulatedReading>();
        var rainGauges = stations.Where(s => s.Kind == StationKind.Rain).ToList();
        var basinRain = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var offset = Step * (i + 1);
            foreach (var s in rainGauges)
            {
                var mmPer10 = Math.Max(0, intensity(s, i) / 6 * (0.9 + 0.2 * random.NextDouble()));
                mmPer10 = Math.Round(mmPer10 * 2, MidpointRounding.AwayFromZero) / 2; // tipping buckets count 0.5 mm
                readings.Add(new SimulatedReading(s.Id, offset, mmPer10));
                basinRain[i] += mmPer10 / Math.Max(1, rainGauges.Count);
            }
        }

        foreach (var s in stations.Where(s => s.Kind == StationKind.River))
        {
            // Level responds to the basin's hourly rain 40 minutes later through a 50-minute first-order lag; the
            // gain makes ~55 mm/h reach the station's highest line, so a typhoon crosses every stage.
            var lines = s.RiverStagesM ?? [1, 2, 3, 4];
            const double baseLevel = 0.3;
            var gain = (lines[^1] + 0.2 - baseLevel) / 55;
            var level = baseLevel;
            for (var i = 0; i < steps; i++)
            {
                var lagged = i >= 4 ? HourlyRain(basinRain, i - 4) : 0;
                var target = baseLevel + gain * lagged;
                level += (target - level) * (1 - Math.Exp(-10.0 / 50));
                var tide = 0.15 * Math.Sin(2 * Math.PI * i * Step.TotalHours / 12.42);
                readings.Add(new SimulatedReading(s.Id, Step * (i + 1), Math.Round(level + tide + random.NextDouble() * 0.02, 3)));
            }
        }

        foreach (var s in stations.Where(s => s.Kind == StationKind.Radiation))
        {
            var spikeAt = s == stations.First(x => x.Kind == StationKind.Radiation) ? 2.0 : 2.5;
            for (var i = 0; i < steps; i++)
            {
                var h = i * Step.TotalHours;
                var dose = 0.04 + random.NextDouble() * 0.006;
                if (name == "radiation-spike" && h >= spikeAt)
                {
                    dose += 0.32 * Math.Exp(-(h - spikeAt) / 1.2);
                }

                readings.Add(new SimulatedReading(s.Id, Step * (i + 1), Math.Round(dose, 4)));
            }
        }

        return [.. readings.OrderBy(r => r.Offset)];
    }

    private static double HourlyRain(double[] series, int i)
    {
        var sum = 0.0;
        for (var k = Math.Max(0, i - 5); k <= i; k++)
        {
            sum += series[k];
        }

        return sum;
    }

    private static double Bell(double x, double mean, double width) => Math.Exp(-0.5 * Math.Pow((x - mean) / width, 2));

    private static double Unit(Station s) => s.Id.Aggregate(17, (h, c) => unchecked((h * 31) + c) & 0x7FFFFFFF) % 1000 / 1000.0;

    private static double Shift(Station s) => s.District switch
    {
        "takanawa" or "shibaura-konan" => 0,
        "shiba" => 0.3,
        "azabu" => 0.5,
        _ => 0.8,
    };
}
