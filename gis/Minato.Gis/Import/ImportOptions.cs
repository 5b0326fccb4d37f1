namespace Minato.Gis.Import;

/// <summary>Options of one import run.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// The <c>source</c> written to every row (with the source id it is the upsert key). Default: a feature's own
    /// <c>source</c> property, else <c>gsi</c> for GSI files, <c>osm</c> for OSM, <c>bed</c> for boring XML, else the file name
    /// without extension.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>Date written to hazard areas that carry no <c>valid_from</c> (default: today in UTC).</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Source when neither <see cref="Source"/> nor a feature's property gives one: the file name without extension.</summary>
    internal string FallbackSource { get; init; } = "import";
}
