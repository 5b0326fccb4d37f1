namespace Minato.Sensors.Stations;

/// <summary>The wire names of <see cref="StationKind"/> (topics, database, API) and what each kind publishes.</summary>
public static class StationKinds
{
    public static string ToWire(this StationKind kind) => kind switch
    {
        StationKind.Rain => "rain",
        StationKind.River => "river",
        StationKind.Radiation => "radiation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? value, out StationKind kind)
    {
        switch (value)
        {
            case "rain": kind = StationKind.Rain; return true;
            case "river": kind = StationKind.River; return true;
            case "radiation": kind = StationKind.Radiation; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>The SenML record name a station of this kind publishes.</summary>
    public static string MeasurementName(this StationKind kind) => kind switch
    {
        StationKind.Rain => "rain",
        StationKind.River => "level",
        _ => "dose_rate",
    };

    /// <summary>The SenML unit a station of this kind publishes (ASCII "uSv/h" for µSv/h: SenML has no sievert unit).</summary>
    public static string Unit(this StationKind kind) => kind switch
    {
        StationKind.Rain => "mm",
        StationKind.River => "m",
        _ => "uSv/h",
    };

    /// <summary>Physically possible range of one reading; outside it a reading is dead-lettered as impossible.</summary>
    /// <remarks>Rain per 10 min: the world record is ~40 mm, so 150 leaves room; river m T.P. in Tokyo's lowlands −10…30;
    /// dose rate 0…1000 µSv/h (far beyond any reading outside an accident site).</remarks>
    public static (double Min, double Max) PossibleRange(this StationKind kind) => kind switch
    {
        StationKind.Rain => (0, 150),
        StationKind.River => (-10, 30),
        _ => (0, 1000),
    };
}
