namespace Minato.Disaster.Tasks;

/// <summary>One message of a task's thread.</summary>
public sealed record TaskMessage(DateTimeOffset At, string By, string Text);
