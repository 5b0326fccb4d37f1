using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Tasks;

/// <summary>Tasking settings, section <c>Minato:Tasks</c>.</summary>
public sealed class TaskOptions : IOptionsSection
{
    public static string Section => "Minato:Tasks";

    /// <summary>How often overdue tasks are looked for (seconds): an escalation is raised at most this late.</summary>
    [Range(1, 3600)]
    public int EscalationCheckSeconds { get; set; } = 30;
}
