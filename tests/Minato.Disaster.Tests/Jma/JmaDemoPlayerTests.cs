using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Jma;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Jma;

/// <summary>
/// The demo's JMA messages (data/demo/jma, DEMO / 架空) played on a fake clock at 60×: warnings for 港区 come (大雨警報 at
/// scenario minute 360, 土砂災害警戒情報 at 450, 高潮警報 at 480) and go (all lifted at 1020), each labelled DEMO.
/// </summary>
public sealed class JmaDemoPlayerTests
{
    [Fact]
    public async Task Play_TyphoonMessages_WarningsComeAndGo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var options = new JmaOptions { DemoFolder = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", "jma"), DemoSpeed = 60 };
        var store = new JmaStore(db.DataSource, clock, NoSituationBus.Instance, options);
        using var player = new JmaDemoPlayer(store, options, clock, NullLogger<JmaDemoPlayer>.Instance);
        await player.StartAsync(ct);

        async Task<IReadOnlyList<JmaWarning>> AtMinuteAsync(int minute, int stored)
        {
            await Wait.UntilAsync(async () =>
            {
                if (clock.GetUtcNow() < start + TimeSpan.FromMinutes(minute / 60.0))
                {
                    clock.Advance(TimeSpan.FromSeconds(5));
                }

                const string Sql = "SELECT count(*) FROM jma.messages WHERE source = 'demo' AND status = 'stored'";
                return await db.ScalarAsync<long>(Sql, ct) == stored;
            }, TimeSpan.FromSeconds(60), $"{stored} demo messages by scenario minute {minute}");
            return await store.InForceAsync(clock.GetUtcNow(), ct);
        }

        var advisories = await AtMinuteAsync(120, 1);
        Assert.Equal(new[] { "大雨注意報", "洪水注意報", "雷注意報" }.Order(StringComparer.Ordinal),
            advisories.Select(w => w.KindName).Order(StringComparer.Ordinal));
        Assert.All(advisories, w => Assert.Contains("DEMO", w.Title, StringComparison.Ordinal));

        var storm = await AtMinuteAsync(480, 4);
        Assert.Contains(storm, w => w.KindName == "大雨警報" && w.Level == 3);
        Assert.Contains(storm, w => w.KindName == "高潮警報" && w.Level == 4);
        Assert.Contains(storm, w => w.Product == JmaProducts.Landslide && w.Level == 4);

        var lifted = await AtMinuteAsync(1020, 7);
        Assert.Empty(lifted);
        await player.StopAsync(ct);
    }
}
