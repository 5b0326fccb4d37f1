using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Minato.Disaster.Tests.Tasks;

/// <summary>Builds task bodies and sends them.</summary>
internal static class TaskScene
{
    public static object Body(string type, string toKind, string? toId, string priority = "normal", DateTimeOffset? dueAt = null,
        string title = "給水車の派遣") =>
        new { type, title, body = "本文", priority, dueAt, to = new { kind = toKind, id = toId } };

    public static async Task<JsonObject> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/tasks", body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        body is null
            ? client.PostAsync(path, null, TestContext.Current.CancellationToken)
            : client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);

    public static string Id(JsonObject task) => ((long)task["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
