using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.Tasks;

/// <summary>
/// What a task's status change does besides the task (the stay facility an "open facility" task opens when it is done):
/// run by <see cref="TaskStore.SetStatusAsync"/> in its transaction after the task row is updated and audited, so the task
/// and its effect commit together or not at all. Registered as singletons; every one sees every status change.
/// </summary>
public interface ITaskEffect
{
    /// <summary>Applies the effect of <paramref name="task"/> (as it was before) moving to <paramref name="status"/>; returns
    /// the live changes to publish after commit (none when the task is not one of its own).</summary>
    Task<IReadOnlyList<SituationChange>> ApplyAsync(NpgsqlTransaction tx, Actor actor, TaskItem task, string status,
        DateTimeOffset now, CancellationToken cancellationToken);
}
