using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tasks;

/// <summary>
/// The live change of kind <c>task</c>: full JSON to HQ, to the district the task concerns and to the centre it
/// concerns (sender or recipient), and to the stay facility it is addressed to; never public.
/// </summary>
public static class TaskChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SituationChange Change(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new SituationChange(
            SituationKinds.Task, task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Serialize(task, Json),
                null,
            new ChangeRouting(District: task.District, Shelter: task.Shelter,
                Facility: task.To.Kind == TaskUnit.Facility ? task.To.Id : null));
    }
}
