using Minato.Disaster.Situation;

namespace Minato.Live.Tests.Situation;

public sealed class ChangeCoalescerTests
{
    private static SituationChange Reading(string station, int value) =>
        new(SituationKinds.Station, station, $"{{\"v\":{value}}}", null, ChangeRouting.HqOnly, Coalesce: true);

    [Fact]
    public void Drain_BurstOfReadings_LatestPerStationInFirstSeenOrder()
    {
        var coalescer = new ChangeCoalescer();
        for (var i = 0; i < 1000; i++)
        {
            coalescer.Offer(Reading("R-" + (i % 3), i));
        }

        var drained = coalescer.Drain();

        Assert.Equal(["R-0", "R-1", "R-2"], drained.Select(c => c.Id));
        Assert.Equal(["{\"v\":999}", "{\"v\":997}", "{\"v\":998}"], drained.Select(c => c.Data));
        Assert.Equal(1000, coalescer.Offered);
        Assert.Empty(coalescer.Drain());
    }

    [Fact]
    public void Offer_OlderObservationAfterNewer_KeepsTheNewer()
    {
        var coalescer = new ChangeCoalescer();

        coalescer.Offer(Reading("R-1", 2) with { Version = 2000 });
        coalescer.Offer(Reading("R-1", 1) with { Version = 1000 });

        Assert.Equal("{\"v\":2}", coalescer.Drain().Single().Data);
    }
}
