using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>Request bodies and calls shared by the alert tests.</summary>
internal static class AlertBodies
{
    /// <summary>A point inside the demo Shiba district (Tokyo Tower area) and one in Azabu.</summary>
    public static readonly (double Lon, double Lat) InShiba = (139.7480, 35.6600);
    public static readonly (double Lon, double Lat) InAzabu = (139.7300, 35.6550);

    public static JsonObject Districts(int level = 4, string? evacuation = "evacuate", string status = "Actual",
        params string[] districts) => new()
    {
        ["level"] = level,
        ["evacuation"] = evacuation,
        ["status"] = status,
        ["area"] = new JsonObject { ["districts"] = new JsonArray(districts.Length == 0 ? [JsonValue.Create("shiba")]
            : districts.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()) },
        ["headline"] = new JsonObject
        {
            ["ja"] = "芝地区に避難指示", ["en"] = "Evacuation order for Shiba", ["zh"] = "芝地区发布避难指示",
                ["ko"] = "시바 지구에 피난지시",
            ["ja-easy"] = "しば ちくの ひとは にげて ください",
        },
        ["description"] = new JsonObject
        {
            ["ja"] = "古川が氾濫するおそれがあります。", ["en"] = "The Furukawa river may flood.",
                ["zh"] = "古川可能泛滥。",
            ["ko"] = "후루카와 강이 범람할 우려가 있습니다.",
                ["ja-easy"] = "かわの みずが あふれる かもしれません。",
        },
        ["instruction"] = new JsonObject
        {
            ["ja"] = "直ちに避難してください。", ["en"] = "Evacuate now.", ["zh"] = "请立即避难。",
                ["ko"] = "즉시 피난하십시오.",
            ["ja-easy"] = "すぐに にげて ください。",
        },
        // Within the alert lifetime cap (7 days by default) of the host's real clock.
        ["expires"] = TimeProvider.System.GetUtcNow().AddDays(2)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A square of <paramref name="halfDeg"/> around a point, as a GeoJSON Polygon area.</summary>
    public static JsonObject Polygon((double Lon, double Lat) at, double halfDeg = 0.002)
    {
        var body = Districts();
        var (x, y) = at;
        body["area"] = new JsonObject
        {
            ["polygon"] = JsonNode.Parse(JsonSerializer.Serialize(new
            {
                type = "Polygon",
                coordinates = new[] { new[] { new[] { x - halfDeg, y - halfDeg }, new[] { x + halfDeg, y - halfDeg },
                    new[] { x + halfDeg, y + halfDeg }, new[] { x - halfDeg, y + halfDeg }, new[] { x - halfDeg, y - halfDeg } } },
            })),
        };
        return body;
    }

    public static async Task<JsonObject> IssueAsync(HttpClient hq, JsonObject body)
    {
        var response = await hq.PostAsJsonAsync("/api/public-alerts", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static long Id(JsonObject alert) => alert["id"]!.GetValue<long>();
}
