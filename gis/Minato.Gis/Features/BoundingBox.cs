using Minato.Gis.Crs;

namespace Minato.Gis.Features;

/// <summary>A 2D bounding box with east-first corners (lon/lat or easting/northing) in <see cref="Crs"/>.</summary>
/// <remarks>Query text gives the corners in the CRS's own axis order; the parser swaps them so SQL can use them as is.</remarks>
public sealed record BoundingBox(double MinEast, double MinNorth, double MaxEast, double MaxNorth, CrsDefinition Crs);
