using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Minato.Disaster.Tests.Recovery;
using static Minato.Disaster.Tests.Recovery.RecoveryKit;

namespace Minato.Disaster.Tests.Requests;

/// <summary>
/// The one request-body reader (Minato.Disaster.Http.Requests.RequestBody) through the real host, on the ledger and
/// task and subscriber endpoints: text rules, unknown members, nesting depth, size and media type are refused with 4xx problem details
/// naming what is wrong, and a free-text field keeps its line breaks.
/// </summary>
public sealed class RequestBodyTests(RecoveryApiFactory factory) : IClassFixture<RecoveryApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The values as JSON escapes, so the lone surrogate reaches the server as it is.
    [Theory]
    [InlineData("headName", @"台帳\u0000太郎")]
    [InlineData("address", @"港区芝公園\u001b[31m")]
    [InlineData("contact", @"x\ud800")]
    public async Task CreateHousehold_ForbiddenCharacterInAField_Is400NamingTheField(string field, string escaped)
    {
        using var hq = factory.CreateClient("hq");
        var body = new Dictionary<string, string>
        {
            ["headName"] = "台帳 太郎", ["address"] = "港区芝公園1-5-25", ["contact"] = "03-0000-0000",
        };
        body[field] = escaped;
        var json = "{\"members\":2," + string.Join(',', body.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";

        using var response = await hq.PostAsync("/api/ledger/households", Json(json), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task CreateHousehold_LineBreaksInTheNote_AreKept()
    {
        using var hq = factory.CreateClient("hq");

        using var response = await hq.PostAsync("/api/ledger/households", Json(
            """{"headName":"改行 花子","members":1,"address":"港区芝公園1-5-25","note":"一行目\n二行目"}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("一行目\n二行目", created.GetProperty("note").GetString());
    }

    [Fact]
    public async Task CreateHousehold_UnknownMember_Is400NamingIt()
    {
        using var hq = factory.CreateClient("hq");

        using var response = await hq.PostAsync("/api/ledger/households", Json(
            """{"headName":"未知 太郎","members":1,"address":"港区芝公園1-5-25","grade":"total"}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("grade", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSubscriber_AreaNestedDeeperThanTheLimit_Is400NotTheAreaCheck()
    {
        using var hq = factory.CreateClient("hq");
        var polygon = new string('[', 30) + "139.75" + new string(']', 30);

        using var response = await hq.PostAsync("/api/subscribers", Json(
            """{"email":"deep@example.jp","language":"ja","area":{"polygon":{"type":"Polygon","coordinates":"""
            + polygon + "}}}"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("depth", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateTask_BodyOverTheLimitOrNotJson_Is413Or415()
    {
        using var hq = factory.CreateClient("hq");
        var padding = new string('x', 70_000);

        using var large = await hq.PostAsync("/api/tasks", Json($$"""{"type":"instruction","title":"{{padding}}"}"""), Ct);
        using var text = await hq.PostAsync("/api/tasks", new StringContent("type=instruction", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
    }

}
