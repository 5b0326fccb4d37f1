using System.Text.Json;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The body of <c>POST /api/public-alerts</c> (issue) and <c>PUT /api/public-alerts/{id}</c> (update): the whole alert
/// as it should read. Texts are maps of language (<see cref="AlertLanguages"/>) to text.
/// </summary>
public sealed record PublicAlertRequest(
    int? Level,
    string? Evacuation,
    string? Status,
    AlertAreaRequest? Area,
    Dictionary<string, string>? Headline,
    Dictionary<string, string>? Description,
    Dictionary<string, string>? Instruction,
    DateTimeOffset? Expires);

/// <summary>
/// An alert's area: district ids, a GeoJSON Polygon in EPSG:6668 / WGS84 (lon, lat), or 町丁目 KEY_CODEs (e-Stat, as in
/// the <c>chome</c> layer) — exactly one of them.
/// </summary>
public sealed record AlertAreaRequest(List<string>? Districts, JsonElement? Polygon, List<string>? Chome = null);

/// <summary>The optional body of <c>POST /api/public-alerts/{id}/cancel</c>: a note for the CAP <c>&lt;note&gt;</c>.</summary>
public sealed record CancelAlertRequest(string? Note);
