using System.Text.Json;
using System.Text.Json.Serialization;

namespace Minato.Disaster.Reports;

/// <summary>The one JSON form of reports (camelCase, nulls kept), used by the API, the idempotency store and the live layer.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Japanese notes as text, not \uXXXX: these documents are served as application/json only, never into HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ReportView report) => JsonSerializer.Serialize(report, Options);

    /// <summary>A GeoJSON Feature: the report JSON minus geometry as properties.</summary>
    public static string Feature(ReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var properties = JsonSerializer.SerializeToNode(report, Options)!.AsObject();
        properties.Remove("geometry");
        var feature = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "Feature",
            ["id"] = report.Id,
            ["geometry"] = JsonSerializer.SerializeToNode(report.Geometry, Options),
            ["properties"] = properties,
        };
        return feature.ToJsonString(Options);
    }
}
