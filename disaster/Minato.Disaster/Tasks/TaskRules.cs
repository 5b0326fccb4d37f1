using Minato.Disaster.Results;
using Minato.Disaster.Security;

namespace Minato.Disaster.Tasks;

/// <summary>
/// Who may send what to whom, and who may see and act on a task. Instructions: HQ → a district HQ, a centre or the
/// field teams of a district; a district HQ → a centre of its district or its own field teams. Requests: a centre → its
/// district HQ; a district HQ → HQ (a centre's request reaches HQ by the district forwarding it). HQ also instructs a
/// temporary-stay facility (open it, close it), whose staff see and complete only the tasks addressed to it. Pure; thread-safe.
/// </summary>
public static class TaskRules
{
    private const string NoFacilityTasks = "a stay facility receives tasks, it does not create them / 一時滞在施設はタスクを作成できません";

    /// <summary>The unit the actor acts for, or null (no district/shelter claim where one is needed, or a public token).</summary>
    public static TaskUnit? UnitOf(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role switch
        {
            MinatoClaims.Hq => TaskUnit.Headquarters,
            MinatoClaims.DistrictRole when actor.District is { } d => new TaskUnit(TaskUnit.District, d),
            MinatoClaims.ShelterRole when actor.Shelter is { } s => new TaskUnit(TaskUnit.Shelter, s),
            MinatoClaims.Field when actor.District is { } d => new TaskUnit(TaskUnit.Field, d),
            MinatoClaims.FacilityRole when actor.Facility is { } f => new TaskUnit(TaskUnit.Facility, f),
            _ => null,
        };
    }

    /// <summary>Null when <paramref name="from"/> may send a task of <paramref name="type"/> to <paramref name="to"/>, else why
    /// not.</summary>
    /// <param name="fromShelterDistrict">The district of the sending centre (when the sender is a centre).</param>
    /// <param name="toShelterDistrict">The district of the addressed centre (when the addressee is a centre).</param>
    public static string? CheckCreate(string type, TaskUnit from, TaskUnit to, string? fromShelterDistrict, string? toShelterDistrict)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (type == TaskStatuses.Instruction)
        {
            return from.Kind switch
            {
                TaskUnit.Hq when to.Kind is TaskUnit.District or TaskUnit.Shelter or TaskUnit.Field or TaskUnit.Facility => null,
                TaskUnit.Hq => "HQ instructs a district HQ, a centre, field teams or a stay facility, not itself / 本部から本部への指示はできません",
                TaskUnit.District when to.Kind == TaskUnit.Shelter && toShelterDistrict == from.Id => null,
                TaskUnit.District when to.Kind == TaskUnit.Field && to.Id == from.Id => null,
                TaskUnit.District
                    => $"district HQ {from.Id} instructs only the centres and field teams of its own district / 自地区の避難所・現地班にのみ指示できます",
                TaskUnit.Shelter => "a centre cannot instruct: send a request to your district HQ / 避難所は指示を出せません（要請を送ってください）",
                TaskUnit.Facility => NoFacilityTasks,
                _ => "field teams cannot create tasks / 現地班はタスクを作成できません",
            };
        }

        return from.Kind switch
        {
            TaskUnit.Shelter when fromShelterDistrict is null => $"centre {from.Id} lies in no known district / 避難所の地区が不明です",
            TaskUnit.Shelter when to.Kind == TaskUnit.District && to.Id == fromShelterDistrict => null,
            TaskUnit.Shelter
                => $"a centre's request goes to its district HQ ({fromShelterDistrict}), which forwards it to HQ / 要請は所管の地区本部へ",
            TaskUnit.District when to.Kind == TaskUnit.Hq => null,
            TaskUnit.District => "a district HQ sends requests to HQ / 地区本部の要請は本部へ",
            TaskUnit.Hq => "HQ issues instructions, not requests / 本部は指示を出します",
            TaskUnit.Facility => NoFacilityTasks,
            _ => "field teams cannot create tasks / 現地班はタスクを作成できません",
        };
    }

    /// <summary>HQ sees every task; a district HQ those of its district; a centre its own; field teams those addressed to them.</summary>
    public static bool CanView(Actor actor, TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        return actor.Role switch
        {
            MinatoClaims.Hq => true,
            MinatoClaims.DistrictRole => actor.District is not null && task.District == actor.District,
            MinatoClaims.ShelterRole => actor.Shelter is not null && task.Shelter == actor.Shelter,
            MinatoClaims.Field => actor.District is not null && task.To == new TaskUnit(TaskUnit.Field, actor.District),
            MinatoClaims.FacilityRole => actor.Facility is not null && task.To == new TaskUnit(TaskUnit.Facility, actor.Facility),
            _ => false,
        };
    }

    public static bool IsRecipient(Actor actor, TaskItem task) => UnitOf(actor) == task.To;

    public static bool IsSender(Actor actor, TaskItem task) =>
        UnitOf(actor) is { } u && u.Kind == task.From.Kind && u.Id == task.From.Id;

    /// <summary>Null when the actor may move the task to <paramref name="status"/>, else (outcome, why not).</summary>
    public static (OutcomeStatus Outcome, string Error)? CheckStatus(Actor actor, TaskItem task, string status)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!TaskStatuses.All.Contains(status, StringComparer.Ordinal) || status == TaskStatuses.Open)
        {
            return (OutcomeStatus.Invalid, $"status must be one of acknowledged, in-progress, done, cancelled (got '{status}') / 状態が不正です");
        }

        if (TaskStatuses.IsFinal(task.Status))
        {
            return (OutcomeStatus.Conflict, $"task {task.Id} is already {task.Status} / このタスクは終了しています");
        }

        var recipient = IsRecipient(actor, task);
        switch (status)
        {
            case TaskStatuses.Acknowledged when !recipient:
                return (OutcomeStatus.Forbidden, $"only the addressee ({task.To.Kind} {task.To.Id}) acknowledges task {task.Id} / 受領は宛先のみ");
            case TaskStatuses.Acknowledged when task.Status != TaskStatuses.Open:
                return (OutcomeStatus.Conflict,
                    $"task {task.Id} was already acknowledged by {task.AcknowledgedBy} at {task.AcknowledgedAt:O} / 受領済みです");
            case TaskStatuses.InProgress or TaskStatuses.Done when !recipient && !actor.IsHq:
                return (OutcomeStatus.Forbidden,
                    $"only the addressee ({task.To.Kind} {task.To.Id}) or HQ works on task {task.Id} / 宛先または本部のみ");
            case TaskStatuses.InProgress when task.Status == TaskStatuses.InProgress:
                return (OutcomeStatus.Conflict, $"task {task.Id} is already in progress / 対応中です");
            case TaskStatuses.Cancelled when !IsSender(actor, task) && !actor.IsHq:
                return (OutcomeStatus.Forbidden,
                    $"only the sender ({task.From.Kind} {task.From.Id}) or HQ cancels task {task.Id} / 取消は送信元または本部のみ");
            default:
                return null;
        }
    }
}
