using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// A request that passed the checks that need no database (<see cref="PublicAlertValidator"/>). The area still has to
/// be resolved against the ward and its districts (<see cref="AlertAreaResolver"/>).
/// </summary>
public sealed record AlertDraft(
    WarningLevel Level,
    string Status,
    IReadOnlyList<string>? Districts,
    Polygon? Polygon,
    JsonElement? PolygonJson,
    IReadOnlyDictionary<string, string> Headline,
    IReadOnlyDictionary<string, string> Description,
    IReadOnlyDictionary<string, string>? Instruction,
    DateTimeOffset? Expires,
    IReadOnlyList<string>? Chome = null);
