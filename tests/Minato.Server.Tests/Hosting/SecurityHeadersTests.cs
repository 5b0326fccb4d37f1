using System.Net;

namespace Minato.Server.Tests.Hosting;

/// <summary>Every HTML page carries the CSP (no framing) and every response nosniff and no-referrer (issue 11, finding 6).</summary>
public sealed class SecurityHeadersTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/hq?token=abc")]
    [InlineData("/district/shiba")]
    [InlineData("/shelter/1")]
    [InlineData("/field")]
    [InlineData("/register")]
    [InlineData("/shelter/1/checkin")]
    [InlineData("/docs/")]
    [InlineData("/api/public/subscriptions/unsubscribe?token=x")]
    public async Task HtmlPage_Get_SendsCspNosniffAndNoReferrer(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task MapClientPage_Csp_AllowsNoInlineScript()
    {
        using var response = await factory.CreateClient().GetAsync("/", Ct);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/stations")]
    [InlineData("/ogc/collections")]
    [InlineData("/api/hazards/at?lon=139.7454&lat=35.6586")]
    [InlineData("/api/reports")] // 401 problem details
    [InlineData("/no/such/page")] // 404
    public async Task ApiResponse_Any_SendsNosniffAndNoReferrer(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
