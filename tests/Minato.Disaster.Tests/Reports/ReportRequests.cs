using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Minato.Disaster.Tests.Reports;

/// <summary>Builds report requests the way a field device sends them.</summary>
internal static class ReportRequests
{
    public static string NewKey() => "test-" + Guid.NewGuid().ToString("N");

    public static string Point(string category, int severity, double lon, double lat, string? note = null) =>
        Json(category, severity, new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) }, note);

    public static string Line(string category, int severity, params (double Lon, double Lat)[] points) =>
        Json(category, severity, new JsonObject
        {
            ["type"] = "LineString",
            ["coordinates"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat))]),
        });

    public static string Json(string category, int severity, JsonNode geometry, string? note = null) => new JsonObject
    {
        ["category"] = category,
        ["severity"] = severity,
        ["geometry"] = geometry,
        ["note"] = note,
    }.ToJsonString();

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, string json) =>
        SendAsync(client, key, () => new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string? key, string? json,
        params (string Name, byte[] Bytes, string ContentType)[] photos) =>
        SendAsync(client, key, () => Multipart(json, photos));

    public static MultipartFormDataContent Multipart(string? json, params (string Name, byte[] Bytes, string ContentType)[] photos)
    {
        var content = new MultipartFormDataContent();
        if (json is not null)
        {
            content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "report");
        }

        foreach (var (name, bytes, type) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "photos", name);
        }

        return content;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? key, Func<HttpContent> content,
        string path = "/api/reports")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content() };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> StatusAsync(HttpClient client, long id, string status, string? note = null,
        string? assignee = null)
    {
        var body = new JsonObject { ["status"] = status, ["note"] = note, ["assignee"] = assignee }.ToJsonString();
        return await client.PostAsync(string.Create(CultureInfo.InvariantCulture, $"/api/reports/{id}/status"),
            new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a report and returns its id (asserting 201).</summary>
    public static async Task<long> CreateAsync(HttpClient client, string json)
    {
        using var response = await PostAsync(client, NewKey(), json);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetInt64();
    }
}
