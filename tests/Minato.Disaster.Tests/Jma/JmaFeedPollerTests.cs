using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Jma;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Jma;

/// <summary>
/// The Atom poller against a local feed (Kestrel, served by the test) replaying JMA's samples, on a fake clock: the long
/// feeds once at start, each entry fetched once, 304 honoured, a restart fetches nothing it has, unknown titles never
/// fetched, an unreachable feed backed off and recovered, a broken message kept as rejected without stopping anything.
/// </summary>
public sealed class JmaFeedPollerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
    private TestDatabase? _db;
    private LocalJmaFeed? _feed;

    private TestDatabase Db => _db!;

    private LocalJmaFeed Feed => _feed!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        _feed = await LocalJmaFeed.StartAsync(_clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Feed.DisposeAsync();
        await Db.DisposeAsync();
    }

    private JmaOptions Options() => new()
    {
        PollFeeds = true, FeedBaseUrl = Feed.BaseUrl + "/feed/", Feeds = ["regular", "eqvol"], PollInterval = TimeSpan.FromSeconds(60),
        MaxBackoff = TimeSpan.FromMinutes(8),
    };

    private JmaFeedPoller Poller(JmaStore? store = null) =>
        new(store ?? Store(), Options(), _clock, NullLogger<JmaFeedPoller>.Instance);

    private JmaStore Store() => new(Db.DataSource, _clock, NoSituationBus.Instance, Options());

    private Task<long> CountAsync(string where = "true") =>
        Db.ScalarAsync<long>($"SELECT count(*) FROM jma.messages WHERE {where}", TestContext.Current.CancellationToken);

    private void AddSample(string feed, string id, string sample, string title) => Feed.Add(feed, id, title, JmaSamples.Bytes(sample));

    [Fact]
    public async Task Poll_LongThenShortFeeds_EachEntryOnce_304Honoured_RestartFetchesNothing()
    {
        AddSample("regular_l", "w1", "15_12_02_161130_VPWW54.xml", "気象警報・注意報（Ｈ２７）");
        AddSample("regular", "w1", "15_12_02_161130_VPWW54.xml", "気象警報・注意報（Ｈ２７）");
        AddSample("regular", "w2", "15_12_02_161130_VPWW53.xml", "気象特別警報・警報・注意報");
        Feed.Add("regular", "forecast", "府県天気予報", "<Report/>"u8.ToArray());
        AddSample("eqvol_l", "q1", "32-35_06_03_240613_VXSE53.xml", "震源・震度に関する情報");
        AddSample("eqvol", "q1", "32-35_06_03_240613_VXSE53.xml", "震源・震度に関する情報");
        AddSample("eqvol", "t1", "32-39_11_02_250206_VTSE41.xml", "津波警報・注意報・予報a");
        var store = Store();
        var poller = Poller(store);
        await poller.StartAsync(TestContext.Current.CancellationToken);

        await Wait.UntilAsync(
            async () => await CountAsync() == 4 && Feed.Hits("/feed/eqvol.xml") == 1 && Feed.Hits("/feed/regular.xml") == 1,
            Timeout, "four messages from the long and short feeds");
        Assert.Equal(1, Feed.Hits("/feed/regular_l.xml"));
        Assert.Equal(1, Feed.Hits("/feed/eqvol_l.xml"));
        Assert.All(new[] { "w1", "w2", "q1", "t1" }, id => Assert.Equal(1, Feed.Hits($"/data/{id}.xml")));
        Assert.Equal(0, Feed.Hits("/data/forecast.xml")); // not a product this system reads: never fetched
        Assert.Equal(4, await CountAsync("entry_id LIKE 'urn:jma:%' AND source = 'feed' AND status = 'stored'"));

        // The next poll asks conditionally and gets 304; nothing is fetched again.
        await Wait.UntilAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            return Feed.Log.Count(l => l.Path == "/feed/regular.xml" && l.Status == 304) >= 1;
        }, Timeout, "a 304 for the regular feed");
        Assert.All(new[] { "w1", "w2", "q1", "t1" }, id => Assert.Equal(1, Feed.Hits($"/data/{id}.xml")));

        // A new entry is fetched once at the next poll.
        AddSample("regular", "tornado", "19_01_01_091210_VPHW50.xml", "竜巻注意情報");
        await Wait.UntilAsync(async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            return await CountAsync() == 5;
        }, Timeout, "the new tornado entry stored");
        await poller.StopAsync(TestContext.Current.CancellationToken);
        poller.Dispose();
        Assert.Equal(1, Feed.Hits("/data/tornado.xml"));

        // A restart (a new poller on the same database): every feed asked again, conditionally; no message fetched again.
        var before = Feed.Log.Count;
        var restarted = Poller();
        await restarted.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(() => Feed.Log.Skip(before).Count(l => l.Path.StartsWith("/feed/", StringComparison.Ordinal)) >= 4, Timeout,
            "the restarted poller reading the four feeds");
        await restarted.StopAsync(TestContext.Current.CancellationToken);
        restarted.Dispose();
        var after = Feed.Log.Skip(before).ToList();
        Assert.DoesNotContain(after, l => l.Path.StartsWith("/data/", StringComparison.Ordinal));
        // The long feeds had been read whole: asked with their ETag, they answer 304 (a short feed may answer 200 when the
        // stop came between storing its last entry and keeping its ETag; its entries are then all known and not fetched).
        Assert.All(after.Where(l => l.Path.EndsWith("_l.xml", StringComparison.Ordinal)), l => Assert.Equal(304, l.Status));
        Assert.Equal(5, await CountAsync());
    }

    [Fact]
    public async Task Poll_FeedDownThenUp_BacksOffThenRecovers_BrokenMessageKeptAsRejected()
    {
        Feed.Down = true;
        AddSample("regular", "w1", "15_12_02_161130_VPWW54.xml", "気象警報・注意報（Ｈ２７）");
        Feed.Add("regular", "broken", "気象警報・注意報（Ｈ２７）", "<Report><Control><Title>途中で切れた"u8.ToArray());
        AddSample("regular", "w3", "15_14_01_170216_VPWW54.xml", "気象警報・注意報（Ｈ２７）");
        var poller = Poller();
        await poller.StartAsync(TestContext.Current.CancellationToken);

        // Three failed polls of the short feed: the waits between them double (60 s → 120 s → 240 s).
        await Wait.UntilAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            return Feed.Log.Count(l => l.Path == "/feed/regular.xml" && l.Status == 503) >= 3;
        }, Timeout, "three failed polls");
        var failed = Feed.Log.Where(l => l.Path == "/feed/regular.xml").Select(l => l.At).ToList();
        Assert.True(failed[1] - failed[0] >= TimeSpan.FromSeconds(120), $"first back-off {failed[1] - failed[0]}");
        Assert.True(failed[2] - failed[1] >= TimeSpan.FromSeconds(240), $"second back-off {failed[2] - failed[1]}");

        Feed.Down = false;
        await Wait.UntilAsync(async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            return await CountAsync() == 3;
        }, Timeout, "the feed's three messages kept once it is up");
        await poller.StopAsync(TestContext.Current.CancellationToken);
        poller.Dispose();

        Assert.Equal(1, await CountAsync("entry_id = 'urn:jma:broken' AND status = 'rejected' AND reason LIKE 'malformed XML%'"));
        Assert.Equal(2, await CountAsync("status = 'stored'"));
        // What followed the broken message was read: the 2017 message ends the 2016 warnings for 港区.
        Assert.Empty(await Store().InForceAsync(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero),
            TestContext.Current.CancellationToken));
    }
}
