using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Minato.Disaster.Subscribers;

/// <summary>A registration that passed every check: address, language, and the area as geometry (EPSG:6668).</summary>
internal sealed record CheckedSubscriber(string Email, string Language, string Kind, string[] Districts, Geometry Geometry,
    JsonElement AreaJson);
