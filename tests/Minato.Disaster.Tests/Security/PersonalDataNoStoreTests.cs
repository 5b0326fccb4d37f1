using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Tests.Shelters;
using Minato.Disaster.Tests.Tasks;

namespace Minato.Disaster.Tests.Security;

/// <summary>
/// Every response of the route groups that carry personal data sends <c>Cache-Control: no-store</c>: the test walks the
/// host's own endpoint list (a new endpoint under these paths is covered without editing the test) as HQ.
/// </summary>
public sealed class PersonalDataNoStoreTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static readonly string[] PersonalPrefixes =
        [
            "/api/reports", "/api/tasks", "/api/subscribers", "/api/ledger", "/api/certificates", "/api/surveys", "/api/checkins",
            "/api/safety", "/api/staff", "/api/callups", "/callup/",
        ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryGet_UnderPersonalDataPaths_SendsNoStore()
    {
        await host.Database.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq", subject: "hq-cache");
        await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "district", "shiba"));
        var gets = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && PersonalPrefixes.Any(x => p.StartsWith(x, StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => Url(e.RoutePattern))
            .ToList();

        var missing = new List<string>();
        foreach (var url in gets)
        {
            using var response = await hq.GetAsync(url, Ct);
            Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
            if (response.Headers.CacheControl?.NoStore != true)
            {
                missing.Add($"{url} ({(int)response.StatusCode}, Cache-Control: {response.Headers.CacheControl})");
            }
        }

        // Each area is really walked, with its list and its one-item reads.
        Assert.All(PersonalPrefixes, p => Assert.Contains(gets, u => u.StartsWith(p, StringComparison.Ordinal)));
        Assert.Contains("/api/reports/1/photos/1", gets);
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Writes_AnsweringPersonalData_SendNoStore()
    {
        await host.Database.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq", subject: "hq-cache-write");

        using var task = await hq.PostAsJsonAsync("/api/tasks", TaskScene.Body("instruction", "district", "shiba"), Ct);
        using var report = await hq.PostAsync("/api/reports", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        Assert.True(task.Headers.CacheControl?.NoStore);
        Assert.True((int)report.StatusCode is >= 400 and < 500);
        Assert.True(report.Headers.CacheControl?.NoStore);
    }

    /// <summary>The pattern with every parameter filled in (ids 1, a certificate number).</summary>
    private static string Url(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "number" } => "R8-0001",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart sep => sep.Content,
            _ => "",
        }))));
}
