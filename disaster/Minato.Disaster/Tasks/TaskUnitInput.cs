namespace Minato.Disaster.Tasks;

/// <summary>A task's addressee as sent by a client (checked by <see cref="TaskUnit.Check"/>).</summary>
public sealed record TaskUnitInput(string? Kind, string? Id)
{
    public TaskUnit ToUnit() => Kind == TaskUnit.Hq ? TaskUnit.Headquarters : new TaskUnit(Kind!, Id!);
}
