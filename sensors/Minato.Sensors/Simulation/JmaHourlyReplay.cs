using System.Globalization;

namespace Minato.Sensors.Simulation;

/// <summary>
/// Reads the JMA AMeDAS hourly CSV of ../shared/data/hydro (columns obs_time_jst_assumed, …, amdno, kjName,
/// precipitation1h_mm, precipitation24h_mm) for one station and period, and splits each hour into six 10-minute
/// increments (the hourly total / 6) stamped at the end of each 10 minutes. Missing hours (the 09:00 gap) stay missing.
/// </summary>
public static class JmaHourlyReplay
{
    public static IReadOnlyList<(DateTimeOffset At, double Mm)> Read(string path, string amdno, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var result = new List<(DateTimeOffset, double)>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException("empty CSV");
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"no column {name}");
        var (cTime, cStation, cRain) = (Col("obs_time_jst_assumed"), Col("amdno"), Col("precipitation1h_mm"));
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f.Length <= cRain || f[cStation] != amdno || string.IsNullOrEmpty(f[cRain]))
            {
                continue;
            }

            var hourEnd = DateTimeOffset.Parse(f[cTime], CultureInfo.InvariantCulture);
            if (hourEnd <= from || hourEnd > to)
            {
                continue;
            }

            var mm = double.Parse(f[cRain], CultureInfo.InvariantCulture);
            for (var k = 5; k >= 0; k--)
            {
                result.Add((hourEnd.AddMinutes(-10 * k), Math.Round(mm / 6, 3)));
            }
        }

        return [.. result.OrderBy(r => r.Item1)];
    }
}
