using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Layers;
using static Minato.Disaster.Tests.Recovery.RecoveryKit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>
/// The personal data of the damage chain never leaves through a public door: no layer, OGC collection or tile layer
/// reads its tables, every one of its endpoints demands a token, and the public API does not show what was recorded.
/// </summary>
public sealed class RecoveryExposureTests(RecoveryApiFactory factory) : IClassFixture<RecoveryApiFactory>
{
    private static readonly string[] Tables =
        ["buildings", "damage_surveys", "households", "household_buildings", "certificates", "certificate_counters", "support_records"];

    private static readonly string[] Prefixes = ["/api/surveys", "/api/certificates", "/api/ledger"];

    [Fact]
    public void LayerCatalog_PublishedLayers_NeverReadTheDamageChainTables()
    {
        var catalog = factory.Services.GetRequiredService<LayerCatalog>();

        Assert.NotEmpty(catalog.All);
        Assert.All(catalog.All, layer =>
            Assert.False(layer.Schema == "ops" && Tables.Contains(layer.Table), $"layer {layer.Id} reads ops.{layer.Table}"));
    }

    [Fact]
    public async Task PublicApis_AfterASurveyCertificateAndHousehold_ShowNoneOfIt()
    {
        await factory.LoadWardAsync();
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var survey = await SurveyNewBuildingAsync(field, 60m, address: "東京都港区南青山九丁目9番9号 公開禁止");
        using var issued = await IssueAsync(hq, survey.BuildingId(), await HouseholdAsync(hq, "公開 禁止子"));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        using var anonymous = factory.CreateClient();

        var collections = await anonymous.GetFromJsonAsync<JsonElement>("/ogc/collections");
        var ids = collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        Assert.NotEmpty(ids);
        string[] guesses = ["buildings", "damage-surveys", "damage_surveys", "surveys", "certificates", "households", "ledger",
            "support-records"];
        Assert.Empty(ids.Intersect(guesses));
        foreach (var name in guesses)
        {
            using var items = await anonymous.GetAsync($"/ogc/collections/{name}/items");
            using var tileJson = await anonymous.GetAsync($"/tiles/{name}.json");
            using var tile = await anonymous.GetAsync($"/tiles/{name}/14/14551/6452.mvt");
            Assert.Equal(HttpStatusCode.NotFound, items.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, tileJson.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, tile.StatusCode);
        }

        foreach (var url in new[] { "/ogc/collections", "/api/hazards/at?lon=139.7454&lat=35.6586", "/openapi.json" })
        {
            var body = await anonymous.GetStringAsync(url);
            Assert.DoesNotContain("公開禁止", body, StringComparison.Ordinal);
            Assert.DoesNotContain("公開 禁止子", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Endpoints_OfTheDamageChain_AllRequireHqOrFieldAndNoneIsAnonymous()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => Prefixes.Any(p => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(p, StringComparison.Ordinal)))
            .ToArray();

        Assert.Equal(16, endpoints.Length);
        Assert.All(endpoints, e =>
        {
            Assert.Empty(e.Metadata.GetOrderedMetadata<IAllowAnonymous>());
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policies = e.Metadata.GetOrderedMetadata<AuthorizationPolicy>();
            Assert.True(authorize.Count > 0 || policies.Count > 0, $"{e.RoutePattern.RawText} has no authorization");
            var roles = policies.SelectMany(p => p.Requirements)
                .OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
                .SelectMany(r => r.AllowedRoles).ToHashSet();
            var isSurvey = e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/surveys", StringComparison.Ordinal);
            if (isSurvey)
            {
                Assert.Equal(["field", "hq"], roles.Order());
            }
            else
            {
                Assert.Contains(authorize, a => a.Policy == "hq");
            }

        });
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryEndpointWithNameAndTag()
    {
        using var anonymous = factory.CreateClient();

        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/openapi.json");

        var operations = doc.GetProperty("paths").EnumerateObject()
            .Where(p => Prefixes.Any(x => p.Name.StartsWith(x, StringComparison.Ordinal)))
            .SelectMany(p => p.Value.EnumerateObject())
            .ToArray();
        Assert.Equal(16, operations.Length);
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Value.GetProperty("operationId").GetString()));
            Assert.False(string.IsNullOrEmpty(o.Value.GetProperty("summary").GetString()));
            Assert.Contains(o.Value.GetProperty("tags")[0].GetString(), new[] { "Damage surveys", "Damage certificates", "Victim ledger" });
        });
    }
}
