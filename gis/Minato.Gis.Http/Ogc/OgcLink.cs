using System.Text.Json.Serialization;

namespace Minato.Gis.Http.Ogc;

/// <summary>A link of an OGC API document (RFC 8288 terms).</summary>
public sealed record OgcLink(
    string Href,
    string Rel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null);
