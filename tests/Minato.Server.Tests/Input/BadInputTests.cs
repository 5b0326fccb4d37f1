using System.Net;
using System.Text;
using System.Text.Json;

namespace Minato.Server.Tests.Input;

/// <summary>
/// Each input an outside review found answering 500 (issue 11, finding 8) now answers a 4xx that names the field; and
/// the same requests without the hostile part succeed, so the 4xx comes from the text rule and nothing else.
/// </summary>
public sealed class BadInputTests(InputHost host) : IClassFixture<InputHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/ogc/collections/shelters/items?name=%00", "name")]
    [InlineData("/ogc/collections/hazard-areas/items?source=%00", "source")]
    [InlineData("/ogc/collections/hazard-areas/items?kind=flood%01", "kind")]
    [InlineData("/ogc/collections/hazard-areas/items?kind=%ED%A0%80x", "kind")] // UTF-8 of a lone surrogate: decoded as U+FFFD, harmless
    [InlineData("/ogc/collections/hazard-areas/items?rank=-2147483649", "rank")]
    [InlineData("/ogc/collections/hazard-areas/items?rank=40000", "rank")]
    [InlineData("/ogc/collections/roads/items?width_m=1e300", "width_m")]
    [InlineData("/ogc/collections/shelters/items?capacity=2147483648", "capacity")]
    [InlineData("/ogc/collections/shelters/items?bbox=1e20,1e20,1e21,1e21&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6677", "bbox")]
    [InlineData("/ogc/collections/shelters/items?bbox=1e20,1e20,1e21,1e21&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857", "bbox")]
    [InlineData("/ogc/collections/shelters/items?bbox=10,10,20,20&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6668", "bbox")]
    public async Task OgcItems_HostileParameter_Returns400NamingIt(string url, string parameter)
    {
        var response = await host.CreateClient().GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (url.Contains("%ED%A0%80", StringComparison.Ordinal))
        {
            // ASP.NET decodes invalid UTF-8 in a query as U+FFFD: a valid (if odd) filter value that matches nothing.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(parameter, JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/ogc/collections/shelters/items?name=x")]
    [InlineData("/ogc/collections/hazard-areas/items?rank=-32768")]
    [InlineData("/ogc/collections/roads/items?width_m=1e-40")]
    [InlineData("/ogc/collections/shelters/items?bbox=-40000,-9000,-36000,-6000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6677")]
    public async Task OgcItems_EdgeOfTheRange_Returns200(string url) =>
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync(url, Ct)).StatusCode);

    [Fact]
    public async Task CreateReport_NoteWithLoneSurrogate_Returns400NamingNote()
    {
        var field = host.CreateClient("field", district: "shiba");
        var response = await PostReportAsync(field, "\"\\ud800x\"");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("note", out _), body);

        // The same report with a multi-line note is stored.
        Assert.Equal(HttpStatusCode.Created, (await PostReportAsync(field, "\"two\\nlines\\twith a tab\"")).StatusCode);
    }

    [Fact]
    public async Task IssueAlert_HeadlineWithControlCharacter_Returns400NamingIt()
    {
        var hq = host.CreateClient("hq");
        var response = await PostAlertAsync(hq, "\"Evacuate\\u0001 now\"");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("headline.en", out _), body);

        Assert.Equal(HttpStatusCode.Created, (await PostAlertAsync(hq, "\"Evacuate now\"")).StatusCode);
    }

    [Fact]
    public async Task StaffQuery_NulInParameter_Returns400NamingIt()
    {
        var response = await host.CreateClient("hq").GetAsync("/api/reports?district=shiba%00", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("district", out _), body);
    }

    private static async Task<HttpResponseMessage> PostReportAsync(HttpClient client, string noteJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = new StringContent(
                "{\"category\":\"road-blocked\",\"severity\":3,\"geometry\":{\"type\":\"Point\",\"coordinates\":[139.75,35.66]},"
                + $"\"note\":{noteJson}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "test-" + Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request, Ct);
    }

    private static Task<HttpResponseMessage> PostAlertAsync(HttpClient client, string englishHeadlineJson) =>
        client.PostAsync("/api/public-alerts", new StringContent(
            "{\"level\":3,\"evacuation\":\"elderly-evacuate\",\"status\":\"Exercise\",\"area\":{\"districts\":[\"shiba\"]},"
            + $"\"headline\":{{\"ja\":\"高齢者等避難\",\"en\":{englishHeadlineJson}}},"
            + "\"description\":{\"ja\":\"訓練です。\",\"en\":\"This is an exercise.\"}}", Encoding.UTF8, "application/json"), Ct);
}
