namespace Minato.Gis.Import;

/// <summary>One rejected input record: where it is in the file and why it was not imported.</summary>
/// <param name="Unit">What <paramref name="Number"/> counts: <c>row</c> (CSV, header = row 1, as a spreadsheet shows it),
/// <c>feature</c> (GeoJSON, 1-based), <c>way</c> (OSM way id), <c>boring</c> (borehole id) or <c>file</c>.</param>
public sealed record ImportError(string Unit, long Number, string Reason)
{
    /// <summary><c>row 12: capacity must be a whole number ≥ 0</c>.</summary>
    public override string ToString() => Unit == "file" ? Reason : $"{Unit} {Number}: {Reason}";
}
