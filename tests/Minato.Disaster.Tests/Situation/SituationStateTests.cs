using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Situation;

public sealed class SituationStateTests
{
    private static SituationChange Station(string id, string? district, double value) =>
        new(SituationKinds.Station, id, $"{{\"v\":{value}}}", $"{{\"v\":{value}}}", new ChangeRouting(District: district), Coalesce: true);

    private static SituationChange Alert(string id, string? district, int stage, bool wardWide = false) =>
        new(SituationKinds.SensorAlert, id, $"{{\"stage\":{stage}}}", $"{{\"stage\":{stage}}}",
            new ChangeRouting(district, WardWide: wardWide, Alert: true));

    private static SituationChange ShelterStatus(string shelter, string district, int occupancy) =>
        new("shelter", shelter, $"{{\"occupancy\":{occupancy},\"needs\":\"insulin for 2\"}}",
            $"{{\"crowding\":\"{(occupancy > 50 ? "high" : "low")}\"}}",
            new ChangeRouting(district, Shelter: shelter));

    [Fact]
    public void Publish_AttachedHq_DeltasAreGapFreeAndSnapshotFollowsThem()
    {
        var state = new SituationState(new SituationOptions());
        var feed = new RecordingFeed();
        state.Attach(SituationScope.Hq, feed);
        for (var i = 0; i < 50; i++)
        {
            state.Publish([Station("R-" + (i % 7), "shiba", i)]);
        }

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), feed.Deltas.Select(d => d.Seq));
        var snapshot = state.Snapshot(SituationScope.Hq);
        Assert.Equal(50, snapshot.Seq);
        Assert.Equal(RecordingFeed.ToModel(snapshot), feed.Models["hq"]);
        Assert.Equal("{\"v\":49}", feed.Models["hq"][(SituationKinds.Station, "R-0")]);
    }

    [Fact]
    public void Publish_SameStateAgain_NoDelta()
    {
        var state = new SituationState(new SituationOptions());
        var feed = new RecordingFeed();
        state.Attach(SituationScope.Hq, feed);
        state.Publish([Station("R-1", "shiba", 1)]);
        state.Publish([Station("R-1", "shiba", 1)]);

        Assert.Single(feed.Deltas);
    }

    [Fact]
    public void Publish_OlderVersionArrivingLate_Ignored()
    {
        var state = new SituationState(new SituationOptions());
        var feed = new RecordingFeed();
        state.Attach(SituationScope.Hq, feed);

        state.Publish([Station("R-1", null, 2) with { Version = 2000 }]);
        state.Publish([Station("R-1", null, 1) with { Version = 1000 }]);
        state.Publish([Station("R-1", null, 3) with { Version = 3000 }]);

        Assert.Equal(["{\"v\":2}", "{\"v\":3}"], feed.Deltas.Select(d => d.Changes.Single().Data));
    }

    [Fact]
    public void Publish_DistrictScope_SeesItsDistrictAndWardWideOnly()
    {
        var state = new SituationState(new SituationOptions());
        var shiba = new RecordingFeed();
        state.Attach(SituationScope.ForDistrict("shiba"), shiba);

        state.Publish([Station("R-SHIBA", "shiba", 1), Station("R-AZABU", "azabu", 2), Alert("WARD", null, 3, wardWide: true),
            Alert("R-AZABU/rain_1h", "azabu", 2)]);

        Assert.Equal(
            [(SituationKinds.SensorAlert, "WARD"), (SituationKinds.Station, "R-SHIBA")],
            shiba.Models["district:shiba"].Keys.Order());
    }

    [Fact]
    public void Publish_ShelterScope_SeesOwnStatusAndAlertsOfItsAreaOnly()
    {
        var state = new SituationState(new SituationOptions());
        var shelter = new RecordingFeed();
        state.Attach(SituationScope.ForShelter("12"), shelter, shelterDistrict: "shiba");

        state.Publish([ShelterStatus("12", "shiba", 10), ShelterStatus("13", "shiba", 20), Station("R-SHIBA", "shiba", 1),
            Alert("R-SHIBA/rain_1h", "shiba", 2), Alert("R-AZABU/rain_1h", "azabu", 2), Alert("WARD", null, 1, wardWide: true)]);

        Assert.Equal(
            [("sensor-alert", "R-SHIBA/rain_1h"), ("sensor-alert", "WARD"), ("shelter", "12")],
            shelter.Models["shelter:12"].Keys.Order());
    }

    [Fact]
    public void Publish_PublicScope_GetsPublicProjectionAndLosesEntitiesThatStopBeingPublic()
    {
        var state = new SituationState(new SituationOptions());
        var pub = new RecordingFeed();
        state.Attach(SituationScope.Public, pub);

        state.Publish([ShelterStatus("12", "shiba", 80),
            new SituationChange("report", "r1", "{\"reporter\":\"Sato\"}", null, new ChangeRouting("shiba"))]);
        Assert.Equal("{\"crowding\":\"high\"}", pub.Models["public"][("shelter", "12")]);
        Assert.DoesNotContain(("report", "r1"), pub.Models["public"].Keys);
        Assert.DoesNotContain(pub.Deltas.SelectMany(d => d.Changes), c => c.Data?.Contains("Sato", StringComparison.Ordinal) == true);

        // The shelter closes to the public (no public projection any more): the public sees it removed.
        state.Publish([ShelterStatus("12", "shiba", 80) with { PublicData = null }]);
        Assert.Empty(pub.Models["public"]);
        Assert.Null(pub.Deltas[^1].Changes.Single().Data);
    }

    [Fact]
    public void Publish_Removed_RemovesFromEveryScopeThatHadIt()
    {
        var state = new SituationState(new SituationOptions());
        var hq = new RecordingFeed();
        var shiba = new RecordingFeed();
        state.Attach(SituationScope.Hq, hq);
        state.Attach(SituationScope.ForDistrict("shiba"), shiba);
        state.Publish([Alert("A", "shiba", 2)]);

        state.Publish([SituationChange.Removed(SituationKinds.SensorAlert, "A")]);

        Assert.Empty(hq.Models["hq"]);
        Assert.Empty(shiba.Models["district:shiba"]);
        Assert.Equal(0, state.EntityCount);
    }

    [Fact]
    public void Attach_ScopeCreatedLate_StartsAtZeroWithEverythingSoFar()
    {
        var state = new SituationState(new SituationOptions());
        state.Publish([Station("R-1", "azabu", 1), Station("R-2", "azabu", 2), Station("R-3", "shiba", 3)]);
        var feed = new RecordingFeed();

        state.Attach(SituationScope.ForDistrict("azabu"), feed);

        var snapshot = Assert.Single(feed.Snapshots);
        Assert.Equal(0, snapshot.Seq);
        Assert.Equal(2, snapshot.Entities.Count);
    }

    [Fact]
    public void Resync_WithinHistory_SendsExactlyTheMissedDeltas()
    {
        var state = new SituationState(new SituationOptions { HistoryPerScope = 100 });
        var feed = new RecordingFeed();
        state.Attach(SituationScope.Hq, feed);
        for (var i = 0; i < 10; i++)
        {
            state.Publish([Station("R-1", null, i)]);
        }

        // The client lost everything after 4: it asks for 5..10.
        feed.Seqs["hq"] = 4;
        Assert.True(state.Resync(SituationScope.Hq, feed, 4));

        Assert.Equal(("hq", 6), feed.CatchUps.Single());
        Assert.Equal(10, feed.Seqs["hq"]);
    }

    [Fact]
    public void Resync_BeyondHistory_SendsFreshSnapshot()
    {
        var state = new SituationState(new SituationOptions { HistoryPerScope = 3 });
        var feed = new RecordingFeed();
        state.Attach(SituationScope.Hq, feed);
        for (var i = 0; i < 10; i++)
        {
            state.Publish([Station("R-" + i, null, i)]);
        }

        Assert.True(state.Resync(SituationScope.Hq, feed, 2));

        Assert.Equal(2, feed.Snapshots.Count);
        Assert.Equal(10, feed.Snapshots[^1].Seq);
        Assert.Equal(10, feed.Snapshots[^1].Entities.Count);
    }

    [Fact]
    public void Attach_StreamOfAnotherNode_SendsSnapshotNotDeltas()
    {
        var state = new SituationState(new SituationOptions(), stream: "node-a");
        state.Publish([Station("R-1", null, 1)]);
        var feed = new RecordingFeed();

        state.Attach(SituationScope.Hq, feed, stream: "node-b", lastSeq: 0);

        Assert.Single(feed.Snapshots);
        Assert.Empty(feed.CatchUps);
    }

    [Fact]
    public void Attach_SecondSubscriberBeforeAnyChange_SharesTheFirstOnesSnapshot()
    {
        var state = new SituationState(new SituationOptions());
        state.Publish([Station("R-1", "shiba", 1)]);
        var (first, second, third) = (new RecordingFeed(), new RecordingFeed(), new RecordingFeed());

        state.Attach(SituationScope.Hq, first);
        state.Attach(SituationScope.Hq, second);
        state.Publish([Station("R-1", "shiba", 2)]);
        state.Attach(SituationScope.Hq, third);

        Assert.Same(first.Snapshots.Single(), second.Snapshots.Single());
        Assert.NotSame(first.Snapshots.Single(), third.Snapshots.Single());
        Assert.Equal(2, third.Snapshots.Single().Seq);
        Assert.Equal("{\"v\":2}", third.Models["hq"][(SituationKinds.Station, "R-1")]);
    }

    [Fact]
    public void Resync_NotAttached_ReturnsFalse()
    {
        var state = new SituationState(new SituationOptions());

        Assert.False(state.Resync(SituationScope.Hq, new RecordingFeed(), 0));
    }

    [Fact]
    public void Publish_RandomStorm_SnapshotPlusDeltasEqualsServerStateInEveryScope()
    {
        var random = new Random(4);
        var state = new SituationState(new SituationOptions { HistoryPerScope = 16 });
        var scopes = new[] { SituationScope.Hq, SituationScope.Public, SituationScope.ForDistrict("shiba"),
            SituationScope.ForDistrict("azabu"),
            SituationScope.ForShelter("7") };
        var feeds = scopes.ToDictionary(s => s, _ => new RecordingFeed());
        var districts = new[] { "shiba", "azabu", null };
        for (var step = 0; step < 3000; step++)
        {
            if (step == 100)
            {
                foreach (var s in scopes)
                {
                    state.Attach(s, feeds[s], shelterDistrict: "azabu");
                }
            }

            var id = "E" + random.Next(40);
            var district = districts[random.Next(3)];
            state.Publish(random.Next(6) switch
            {
                0 => [SituationChange.Removed(SituationKinds.Station, id)],
                1 => [Alert(id, district, random.Next(1, 5), wardWide: random.Next(5) == 0)],
                2 => [ShelterStatus(random.Next(5, 9).ToString(System.Globalization.CultureInfo.InvariantCulture), district ?? "shiba",
                    random.Next(100))],
                _ => [Station(id, district, random.Next(1000)),
                    Station("E" + random.Next(40), districts[random.Next(3)], random.Next(1000))],
            });
        }

        foreach (var s in scopes)
        {
            var snapshot = state.Snapshot(s);
            Assert.Equal(snapshot.Seq, feeds[s].Seqs[s.ToString()]);
            Assert.Equal(RecordingFeed.ToModel(snapshot), feeds[s].Models[s.ToString()]);
        }
    }
}
