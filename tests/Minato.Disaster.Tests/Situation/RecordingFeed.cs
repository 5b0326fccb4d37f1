using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Situation;

/// <summary>A feed that applies what it gets to a local model, as a client would, and records it.</summary>
internal sealed class RecordingFeed : ISituationFeed
{
    public Dictionary<string, Dictionary<(string, string), string>> Models { get; } = [];

    public Dictionary<string, long> Seqs { get; } = [];

    public List<SituationDelta> Deltas { get; } = [];

    public List<SituationSnapshot> Snapshots { get; } = [];

    public List<(string Scope, int Count)> CatchUps { get; } = [];

    public void Restart(SituationSnapshot snapshot)
    {
        Snapshots.Add(snapshot);
        Models[snapshot.Scope] = snapshot.Entities.ToDictionary(e => (e.Kind, e.Id), e => e.Data!);
        Seqs[snapshot.Scope] = snapshot.Seq;
    }

    public void CatchUp(string scope, IReadOnlyList<SituationDelta> deltas)
    {
        CatchUps.Add((scope, deltas.Count));
        foreach (var d in deltas)
        {
            Deliver(d);
        }
    }

    public void Deliver(SituationDelta delta)
    {
        Assert.Equal(Seqs[delta.Scope] + 1, delta.Seq);
        Deltas.Add(delta);
        var model = Models[delta.Scope];
        foreach (var c in delta.Changes)
        {
            if (c.Data is null)
            {
                Assert.True(model.Remove((c.Kind, c.Id)), $"removal of absent {c.Kind}/{c.Id}");
            }
            else
            {
                model[(c.Kind, c.Id)] = c.Data;
            }
        }

        Seqs[delta.Scope] = delta.Seq;
    }

    public static Dictionary<(string, string), string> ToModel(SituationSnapshot s) =>
        s.Entities.ToDictionary(e => (e.Kind, e.Id), e => e.Data!);
}
