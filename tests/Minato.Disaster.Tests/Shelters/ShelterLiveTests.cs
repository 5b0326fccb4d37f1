using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.MapClient;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>
/// A centre's update travels live through the real hub to the typed client: HQ, the centre's district and the centre
/// itself get the staff JSON, the public scope gets the crowding projection, another centre and another district get nothing.
/// </summary>
public sealed class ShelterLiveTests(ShelterLiveHost host) : IClassFixture<ShelterLiveHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutStatus_ReachesHqDistrictOwnShelterAndPublicProjection_NotOtherScopes()
    {
        var centre = await ShelterScene.AddCentreAsync(host.Database, "shiba", capacity: 100);
        var other = await ShelterScene.AddCentreAsync(host.Database, "shiba");
        var azabu = await ShelterScene.AddCentreAsync(host.Database, "azabu");
        var shelterClient = host.HttpClient("shelter", shelter: centre);
        // Every scope over one real connection each: the centre's own token, another centre's, HQ, and anonymous.
        await using var own = await host.ConnectAsync(host.Token("shelter", shelter: centre));
        await using var otherShelter = await host.ConnectAsync(host.Token("shelter", shelter: other));
        await using var hq = await host.ConnectAsync(host.Token("hq"));
        await using var anonymous = await host.ConnectAsync(null);
        await SubscribeAsync(own, "shelter:" + centre);
        await SubscribeAsync(otherShelter, "shelter:" + other);
        await SubscribeAsync(hq, "hq", "district:shiba", "district:azabu");
        await SubscribeAsync(anonymous, "public");

        await shelterClient.PostAsync($"/api/shelters/{centre}/open", null, Ct);
        var put = await shelterClient.PutAsJsonAsync($"/api/shelters/{centre}/status", ShelterScene.Status(60, 20), Ct);
        put.EnsureSuccessStatusCode();

        foreach (var (client, scope) in new[] { (hq, "hq"), (hq, "district:shiba"), (own, "shelter:" + centre) })
        {
            var data = await WaitForAsync(client, scope, centre, d => (int?)d["headcount"] == 60);
            Assert.Equal(3, (int)data["needs"]!["pets"]!);
            Assert.Equal("somewhat-crowded", (string)data["crowding"]!);
        }

        var projection = await WaitForAsync(anonymous, "public", centre, d => (string?)d["properties"]?["crowding"] == "somewhat-crowded");
        Assert.Null(projection["properties"]!["needs"]);
        Assert.DoesNotContain("supplies", projection.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("live-shelter", projection.ToJsonString(), StringComparison.Ordinal);
        // A later change that those scopes do see has arrived: every earlier one meant for them would have come first
        // (one gap-free sequence per scope), so the centre's absence there is proven, not just not yet seen.
        var hqHttp = host.HttpClient("hq");
        (await hqHttp.PostAsync($"/api/shelters/{other}/open", null, Ct)).EnsureSuccessStatusCode();
        (await hqHttp.PostAsync($"/api/shelters/{azabu}/open", null, Ct)).EnsureSuccessStatusCode();
        await WaitForAsync(otherShelter, "shelter:" + other, other, d => (bool?)d["open"] == true);
        await WaitForAsync(hq, "district:azabu", azabu, d => (bool?)d["open"] == true);
        Assert.Null(otherShelter.Model("shelter:" + other).Find("shelter", centre));
        Assert.Null(hq.Model("district:azabu").Find("shelter", centre));

        await shelterClient.PostAsync($"/api/shelters/{centre}/close", null, Ct);
        await Wait(() => anonymous.Model("public").Find("shelter", centre) is null, "the closed centre to leave the public scope");
        Assert.NotNull(hq.Model("hq").Find("shelter", centre));
    }

    private static async Task SubscribeAsync(SituationClient client, params string[] scopes)
    {
        foreach (var scope in scopes)
        {
            var result = await client.SubscribeAsync(scope, Ct);
            Assert.True(result.Accepted, scope + ": " + result.Error);
            await client.WaitForSnapshotAsync(scope, Timeout, Ct);
        }
    }

    private static async Task<JsonObject> WaitForAsync(SituationClient client, string scope, string id, Func<JsonObject, bool> condition)
    {
        JsonObject? found = null;
        await Wait(() =>
        {
            var text = client.Model(scope).Find("shelter", id);
            found = text is null ? null : JsonNode.Parse(text)!.AsObject();
            return found is not null && condition(found);
        }, $"centre {id} in scope {scope}");
        return found!;
    }

    private static Task Wait(Func<bool> condition, string what) => Minato.Testing.Wait.UntilAsync(condition, Timeout, what);
}
