using Minato.Disaster.Situation;

namespace Minato.Disaster.Tasks;

/// <summary>Unfinished tasks and those finished in the last day, for the snapshots of a node that starts.</summary>
public sealed class TaskSource(TaskStore tasks) : ISituationSource
{
    public string Name => "tasks";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken)
    {
        var all = await tasks.LoadLiveAsync(TimeSpan.FromDays(1), cancellationToken);
        return all.Select(TaskChanges.Change).ToList();
    }
}
