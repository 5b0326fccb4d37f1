namespace Minato.Gis.Import;

/// <summary>
/// The outcome of importing one file into one layer. Good records are written in one transaction, so either all of
/// them are stored or (on <see cref="FatalError"/>) none. Rejected records never reach the database.
/// </summary>
public sealed record ImportResult
{
    /// <summary>Layer id as in the catalog (e.g. <c>evacuation-sites</c>).</summary>
    public required string Layer { get; init; }

    /// <summary>Detected input format, e.g. <c>gsi-geojson</c>, <c>gsi-csv (Shift_JIS)</c>, <c>osm</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Records read from the file (features, CSV data rows, OSM highway ways, borings).</summary>
    public int Read { get; init; }

    /// <summary>New rows written.</summary>
    public int Inserted { get; init; }

    /// <summary>Existing rows (same source and source id) whose values changed.</summary>
    public int Updated { get; init; }

    /// <summary>Existing rows already holding exactly these values.</summary>
    public int Unchanged { get; init; }

    /// <summary>Records deliberately not imported (not for this layer, e.g. OSM ways without <c>highway</c>).</summary>
    public int Skipped { get; init; }

    /// <summary>Records rejected by validation, with row or feature numbers.</summary>
    public IReadOnlyList<ImportError> Errors { get; init; } = [];

    /// <summary>Remarks that are not errors (how ids were chosen, an empty file, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Set when the file could not be read or the database write failed: nothing was stored.</summary>
    public string? FatalError { get; init; }

    public int Rejected => Errors.Count;

    /// <summary>Good records: stored new, updated or already up to date.</summary>
    public int Good => Inserted + Updated + Unchanged;

    public bool Succeeded => FatalError is null;

    /// <summary>Process exit code of <c>minato import</c>: 0 ok (rejected records are listed; an empty file is ok),
    /// 1 nothing imported (every record rejected or skipped), 3 fatal (unreadable or malformed file, database failure:
    /// nothing stored). 2 is reserved for usage errors.</summary>
    public int ExitCode => FatalError is not null ? 3 : Read > 0 && Good == 0 ? 1 : 0;

    public static ImportResult Fatal(string layer, string format, string error, IReadOnlyList<ImportError>? errors = null) =>
        new() { Layer = layer, Format = format, FatalError = error, Errors = errors ?? [] };
}
