using Minato.Gis.Layers;

namespace Minato.Gis.Features;

/// <summary>An equality filter <c>?name=value</c> on a queryable property.</summary>
/// <param name="Value">The value checked against the property's type and written in PostgreSQL's input syntax.</param>
public sealed record PropertyFilter(LayerProperty Property, string Value);
