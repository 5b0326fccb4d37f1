using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Isolation;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Minato.Gis.Import;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>
/// The live isolation on two nodes behind one Redis: a road blocked in the shared database is recomputed by each node
/// from the database (both hear the notification), and a client on A and both nodes' states end with the same entity —
/// the isolated 町丁目 — and the same again once the road re-opens.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TwoNodeIsolationTests(Cluster cluster) : IClassFixture<Cluster>
{
    private const string Takanawa4 = "13103025004";
    private const string Id = "earthquake:takanawa";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RoadsBlocked_BothNodesAndAClientOnA_HoldTheSameIsolatedChome_AndClearTogether()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = cluster.Database.DataSource;
        var importer = new LayerImporter(db, TimeProvider.System);
        var data = Path.Combine(TestEnvironment.RepositoryRoot, "data");
        Assert.True((await importer.ImportAsync("chome", Path.Combine(data, "minato", "chome", "estat_r2ka13103_minato_chome.geojson"),
            cancellationToken: ct)).Succeeded);
        Assert.True((await importer.ImportAsync("roads", Path.Combine(data, "demo", "roads.geojson"),
            new ImportOptions { Source = "demo" }, ct)).Succeeded);
        await db.ExecAsync("""
            INSERT INTO gis.facilities (kind, source, source_id, name, suits_earthquake, geom)
            SELECT 'evacuation_site', 'isolation-test', 'park', '芝公園試験場', true,
                   (SELECT geom FROM gis.road_nodes ORDER BY geom <-> ST_SetSRID(ST_Point(139.748, 35.655), 6668) LIMIT 1)
            """, cancellationToken: ct);
        var token = cluster.A.Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("hq", MinatoClaims.Hq));
        await using var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = cluster.A.HubUrl, AccessTokenProvider = () => Task.FromResult<string?>(token),
        });
        await client.StartAsync(ct);
        Assert.True((await client.SubscribeAsync("hq", ct)).Accepted);
        await client.WaitForSnapshotAsync("hq", Timeout, ct);
        Assert.DoesNotContain(Takanawa4, await AgreedAsync(client, ct));

        await db.ExecAsync(EdgeSql(true), [Takanawa4], ct);
        Assert.Contains(Takanawa4, await AgreedAsync(client, ct));

        await db.ExecAsync(EdgeSql(false), [Takanawa4], ct);
        Assert.DoesNotContain(Takanawa4, await AgreedAsync(client, ct));
    }

    private static string EdgeSql(bool blocked) => $"""
        UPDATE gis.roads r SET blocked = {(blocked ? "true" : "false")} FROM gis.chome c
        WHERE c.key_code = $1 AND ST_Intersects(r.geom, ST_Boundary(c.geom))
        """;

    /// <summary>Waits until the client on A and both nodes hold the same entity at the database's current input version;
    /// returns its 町丁目 key codes.</summary>
    private async Task<IReadOnlyList<string>> AgreedAsync(SituationClient client, CancellationToken ct)
    {
        var version = (long)(await cluster.Database.DataSource.ScalarAsync(
            "SELECT coalesce(sum(version), 0)::bigint FROM gis.layer_versions WHERE layer = ANY($1)",
            [IsolationPublisher.InputKeys.ToArray()], ct))!;
        string? data = null;
        await Wait.UntilAsync(() =>
        {
            data = client.Model("hq").Find(SituationKinds.Isolation, Id);
            return data is not null && (long)JsonNode.Parse(data)!["version"]! >= version
                && Entity(cluster.A.State) == data && Entity(cluster.B.State) == data;
        }, Timeout, () => $"{Id} at version {version} on the client ({data}), node A and node B");
        return JsonNode.Parse(data!)!["chome"]!.AsArray().Select(c => (string)c!["key_code"]!).ToList();
    }

    private static string? Entity(SituationState state) =>
        state.Snapshot(SituationScope.Hq).Entities.FirstOrDefault(e => e.Kind == SituationKinds.Isolation && e.Id == Id)?.Data;
}
