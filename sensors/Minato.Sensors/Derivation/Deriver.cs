using Minato.Sensors.Stations;

namespace Minato.Sensors.Derivation;

/// <summary>
/// Derived values of one station as of a time, from its readings (pure; thread-safe).
/// Rain readings are 10-minute increments stamped at the end of their interval, so a window (t−w, t] sums whole intervals.
/// </summary>
public static class Deriver
{
    /// <summary>How far back the readings must reach for every derived value (event totals look back up to 3 days).</summary>
    public static TimeSpan Lookback { get; } = TimeSpan.FromHours(72);

    /// <summary>Dry spell that separates two rain events.</summary>
    public static TimeSpan EventGap { get; } = TimeSpan.FromHours(6);

    /// <param name="observations">The station's readings, ascending by time, covering at least <see cref="Lookback"/> before <paramref
    /// name="asOf"/>.</param>
    public static IReadOnlyDictionary<string, double> Compute(StationKind kind, IReadOnlyList<Observation> observations,
        DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (kind)
        {
            case StationKind.Rain:
                result[Measures.Rain10Min] = Sum(observations, asOf, TimeSpan.FromMinutes(10));
                result[Measures.Rain1h] = Sum(observations, asOf, TimeSpan.FromHours(1));
                result[Measures.Rain24h] = Sum(observations, asOf, TimeSpan.FromHours(24));
                result[Measures.RainEvent] = EventTotal(observations, asOf);
                break;
            case StationKind.River:
                var current = LastAtOrBefore(observations, asOf);
                if (current is { } c)
                {
                    result[Measures.Stage] = c.Value;
                    // Rate of rise against the reading nearest 10 minutes earlier (within 30 min, so a gap does not fake a rate).
                    if (LastAtOrBefore(observations,
                        c.At - TimeSpan.FromMinutes(10)) is { } earlier && c.At - earlier.At <= TimeSpan.FromMinutes(30))
                    {
                        var minutes = (c.At - earlier.At).TotalMinutes;
                        result[Measures.Rise10Min] = Math.Round((c.Value - earlier.Value) * 10 / minutes, 4);
                    }
                }

                break;
            case StationKind.Radiation:
                var window = Window(observations, asOf, TimeSpan.FromMinutes(10)).ToList();
                if (window.Count > 0)
                {
                    result[Measures.Dose10Min] = Math.Round(window.Average(o => o.Value), 4);
                }

                break;
        }

        return result;
    }

    private static IEnumerable<Observation> Window(IReadOnlyList<Observation> obs, DateTimeOffset asOf, TimeSpan width) =>
        obs.Where(o => o.At > asOf - width && o.At <= asOf);

    private static double Sum(IReadOnlyList<Observation> obs, DateTimeOffset asOf, TimeSpan width) =>
        Math.Round(Window(obs, asOf, width).Sum(o => o.Value), 3);

    private static Observation? LastAtOrBefore(IReadOnlyList<Observation> obs, DateTimeOffset at)
    {
        for (var i = obs.Count - 1; i >= 0; i--)
        {
            if (obs[i].At <= at)
            {
                return obs[i];
            }
        }

        return null;
    }

    private static double EventTotal(IReadOnlyList<Observation> obs, DateTimeOffset asOf)
    {
        // Walk back from asOf summing rain until a dry spell of EventGap separates us from older rain.
        var total = 0.0;
        DateTimeOffset? lastWet = null;
        for (var i = obs.Count - 1; i >= 0; i--)
        {
            var o = obs[i];
            if (o.At > asOf || o.At <= asOf - Lookback)
            {
                continue;
            }

            if (o.Value <= 0)
            {
                continue;
            }

            if ((lastWet ?? asOf) - o.At >= EventGap)
            {
                break;
            }

            total += o.Value;
            lastWet = o.At;
        }

        return Math.Round(total, 3);
    }
}
