using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// The live kind <c>public-alert</c> in the real host's situation state: the public scope and an evacuation centre of
/// the alert's district receive it, a centre of another district does not; a Cancel removes it everywhere.
/// </summary>
public sealed class PublicAlertLiveTests(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Publish_DistrictAlert_PublicAndShelterInAreaSeeItOthersDoNot()
    {
        var state = host.Services.GetRequiredService<SituationState>();
        var pub = new ModelFeed();
        var shelterInShiba = new ModelFeed();
        var shelterInAzabu = new ModelFeed();
        var districtAzabu = new ModelFeed();
        state.Attach(SituationScope.Public, pub);
        state.Attach(SituationScope.ForShelter("9001"), shelterInShiba, shelterDistrict: "shiba");
        state.Attach(SituationScope.ForShelter("9002"), shelterInAzabu, shelterDistrict: "azabu");
        state.Attach(SituationScope.ForDistrict("azabu"), districtAzabu);
        var hq = host.CreateClient(MinatoClaims.Hq);

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        var id = AlertBodies.Id(alert).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("芝地区に避難指示", pub.Find(SituationKinds.PublicAlert, id), StringComparison.Ordinal);
        Assert.Contains("\"level\":4", shelterInShiba.Find(SituationKinds.PublicAlert, id), StringComparison.Ordinal);
        Assert.Null(shelterInAzabu.Find(SituationKinds.PublicAlert, id));
        Assert.Null(districtAzabu.Find(SituationKinds.PublicAlert, id));

        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await hq.PostAsync($"/api/public-alerts/{id}/cancel", null, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Null(pub.Find(SituationKinds.PublicAlert, id));
        Assert.Null(shelterInShiba.Find(SituationKinds.PublicAlert, id));
    }

    [Fact]
    public async Task Publish_TwoDistricts_CentresAndHqsOfBothSeeItOthersDoNot()
    {
        var state = host.Services.GetRequiredService<SituationState>();
        var shelterInShiba = new ModelFeed();
        var shelterInAzabu = new ModelFeed();
        var shelterInAkasaka = new ModelFeed();
        var districtAzabu = new ModelFeed();
        var districtAkasaka = new ModelFeed();
        state.Attach(SituationScope.ForShelter("9011"), shelterInShiba, shelterDistrict: "shiba");
        state.Attach(SituationScope.ForShelter("9012"), shelterInAzabu, shelterDistrict: "azabu");
        state.Attach(SituationScope.ForShelter("9013"), shelterInAkasaka, shelterDistrict: "akasaka");
        state.Attach(SituationScope.ForDistrict("azabu"), districtAzabu);
        state.Attach(SituationScope.ForDistrict("akasaka"), districtAkasaka);

        var alert = await AlertBodies.IssueAsync(host.CreateClient(MinatoClaims.Hq),
            AlertBodies.Districts(4, "evacuate", "Actual", "shiba", "azabu"));
        var id = AlertBodies.Id(alert).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.NotNull(shelterInShiba.Find(SituationKinds.PublicAlert, id));
        Assert.NotNull(shelterInAzabu.Find(SituationKinds.PublicAlert, id));
        Assert.NotNull(districtAzabu.Find(SituationKinds.PublicAlert, id));
        Assert.Null(shelterInAkasaka.Find(SituationKinds.PublicAlert, id));
        Assert.Null(districtAkasaka.Find(SituationKinds.PublicAlert, id));
    }

    [Fact]
    public async Task Source_AfterRestart_LoadsOnlyActiveAlerts()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var kept = AlertBodies.Id(await AlertBodies.IssueAsync(hq, AlertBodies.Districts()));
        var cancelled = AlertBodies.Id(await AlertBodies.IssueAsync(hq, AlertBodies.Districts()));
        await hq.PostAsync($"/api/public-alerts/{cancelled}/cancel", null, TestContext.Current.CancellationToken);

        var source = host.Services.GetServices<ISituationSource>().Single(s => s.Name == "public-alerts");
        var changes = await source.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Contains(changes, c => c.Id == kept.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.PublicData is not null);
        Assert.DoesNotContain(changes, c => c.Id == cancelled.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Applies snapshots and deltas of one scope to a model, as a client would.</summary>
    private sealed class ModelFeed : ISituationFeed
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<(string, string), string> _model = [];

        public string? Find(string kind, string id)
        {
            lock (_lock)
            {
                return _model.GetValueOrDefault((kind, id));
            }
        }

        public void Restart(SituationSnapshot snapshot)
        {
            lock (_lock)
            {
                _model.Clear();
                foreach (var e in snapshot.Entities)
                {
                    _model[(e.Kind, e.Id)] = e.Data!;
                }
            }
        }

        public void CatchUp(string scope, IReadOnlyList<SituationDelta> deltas)
        {
            foreach (var d in deltas)
            {
                Deliver(d);
            }
        }

        public void Deliver(SituationDelta delta)
        {
            lock (_lock)
            {
                foreach (var c in delta.Changes)
                {
                    if (c.Data is null)
                    {
                        _model.Remove((c.Kind, c.Id));
                    }
                    else
                    {
                        _model[(c.Kind, c.Id)] = c.Data;
                    }
                }
            }
        }
    }
}
