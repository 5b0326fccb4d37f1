using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Minato.Gis.Layers;

namespace Minato.Gis.Http.Ogc;

/// <summary>The JSON Schema of a collection's queryable properties (the names <c>?name=value</c> accepts).</summary>
public static class QueryablesDocument
{
    public static JsonObject Create(HttpRequest request, LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var properties = new JsonObject();
        foreach (var p in layer.Properties.Where(p => p.Queryable))
        {
            var schema = p.Type switch
            {
                PropertyType.Integer => new JsonObject { ["type"] = "integer" },
                PropertyType.Number => new JsonObject { ["type"] = "number" },
                PropertyType.Boolean => new JsonObject { ["type"] = "boolean" },
                PropertyType.Date => new JsonObject { ["type"] = "string", ["format"] = "date" },
                PropertyType.DateTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                _ => new JsonObject { ["type"] = "string" },
            };
            schema["title"] = p.Name;
            properties[p.Name] = schema;
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = OgcUrls.Collection(request, layer.Id) + "/queryables",
            ["type"] = "object",
            ["title"] = layer.TitleEn,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }
}
