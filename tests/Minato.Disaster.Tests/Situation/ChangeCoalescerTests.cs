using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Situation;

public sealed class ChangeCoalescerTests
{
    private static SituationChange Reading(string station, int value) =>
        new(SituationKinds.Station, station, $"{{\"v\":{value}}}", null, ChangeRouting.HqOnly, Coalesce: true);

    [Fact]
    public void Offer_NothingPublishedInTheWindow_PublishedAtOnceAndTheRestHeld()
    {
        var coalescer = new ChangeCoalescer();

        Assert.True(coalescer.Offer(Reading("R-1", 1)));
        Assert.False(coalescer.Offer(Reading("R-2", 1)));

        Assert.Equal(1, coalescer.Pending);
        Assert.Equal(["R-2"], coalescer.Drain().Select(c => c.Id));
    }

    [Fact]
    public void Offer_BatchInAFreeWindow_AllPublishedAtOnceAsOne()
    {
        var coalescer = new ChangeCoalescer();

        var now = coalescer.Offer([Reading("R-1", 1), Reading("R-2", 1), Reading("R-3", 1)]);

        Assert.Equal(["R-1", "R-2", "R-3"], now.Select(c => c.Id));
        Assert.Equal(0, coalescer.Pending);
        Assert.Empty(coalescer.Offer([Reading("R-1", 2)])); // the window has had its publication
    }

    [Fact]
    public void Drain_BurstOfReadings_FirstAtOnceThenLatestPerStationInFirstHeldOrder()
    {
        var coalescer = new ChangeCoalescer();
        var leading = new List<SituationChange>();
        for (var i = 0; i < 1000; i++)
        {
            var change = Reading("R-" + (i % 3), i);
            if (coalescer.Offer(change))
            {
                leading.Add(change);
            }
        }

        var drained = coalescer.Drain();

        Assert.Equal(["{\"v\":0}"], leading.Select(c => c.Data));
        Assert.Equal(["R-1", "R-2", "R-0"], drained.Select(c => c.Id));
        Assert.Equal(["{\"v\":997}", "{\"v\":998}", "{\"v\":999}"], drained.Select(c => c.Data));
        Assert.Equal(1000, coalescer.Offered);
        Assert.Equal(0, coalescer.Pending);
    }

    [Fact]
    public void Offer_AfterADrainThatPublished_HeldForTheNextTick()
    {
        var coalescer = new ChangeCoalescer();
        coalescer.Offer(Reading("R-1", 1));
        coalescer.Offer(Reading("R-1", 2));
        Assert.Equal("{\"v\":2}", coalescer.Drain().Single().Data);

        Assert.False(coalescer.Offer(Reading("R-2", 3)));

        Assert.Equal("{\"v\":3}", coalescer.Drain().Single().Data);
    }

    [Fact]
    public void Offer_AfterAnEmptyDrain_PublishedAtOnce()
    {
        var coalescer = new ChangeCoalescer();
        coalescer.Offer(Reading("R-1", 1));
        coalescer.Offer(Reading("R-1", 2));
        coalescer.Drain();
        Assert.Empty(coalescer.Drain());

        Assert.True(coalescer.Offer(Reading("R-1", 3)));

        Assert.Empty(coalescer.Drain());
    }

    [Fact]
    public void Offer_EmptyBatch_LeavesTheWindowFree()
    {
        var coalescer = new ChangeCoalescer();

        Assert.Empty(coalescer.Offer([]));

        Assert.True(coalescer.Offer(Reading("R-1", 1)));
    }

    [Fact]
    public void Offer_OlderObservationAfterNewerHeld_KeepsTheNewer()
    {
        var coalescer = new ChangeCoalescer();
        coalescer.Offer(Reading("R-1", 1) with { Version = 1000 });

        coalescer.Offer(Reading("R-1", 3) with { Version = 3000 });
        coalescer.Offer(Reading("R-1", 2) with { Version = 2000 });

        Assert.Equal("{\"v\":3}", coalescer.Drain().Single().Data);
    }

    [Fact]
    public void Offer_SameObservationAsThePublishedOne_HeldAsTheLatest()
    {
        // The ingest's fast path publishes a reading; the derivation's update of the same observation completes it.
        var coalescer = new ChangeCoalescer();
        Assert.True(coalescer.Offer(Reading("R-1", 1) with { Version = 1000 }));

        Assert.False(coalescer.Offer(Reading("R-1", 2) with { Version = 1000 }));

        Assert.Equal("{\"v\":2}", coalescer.Drain().Single().Data);
    }
}
