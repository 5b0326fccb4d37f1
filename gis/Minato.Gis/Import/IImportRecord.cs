namespace Minato.Gis.Import;

/// <summary>One input record's attributes by name (GeoJSON properties or a CSV row), as raw text.</summary>
internal interface IImportRecord
{
    /// <summary>The value's text, or <c>null</c> when the field is absent or JSON null.</summary>
    string? Text(string name);
}
