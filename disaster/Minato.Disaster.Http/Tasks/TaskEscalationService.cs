using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minato.Disaster.Tasks;
using Minato.Gis.Resilience;

namespace Minato.Disaster.Http.Tasks;

/// <summary>
/// Raises escalations: every <see cref="TaskOptions.EscalationCheckSeconds"/> on the host's <see cref="TimeProvider"/>
/// (a fake clock in tests), escalates the tasks whose due time has passed unfinished (see
/// <see cref="TaskStore.EscalateDueAsync"/>: once per task, audited by <c>system</c>, published live).
/// </summary>
internal sealed partial class TaskEscalationService(
    TaskStore tasks, TimeProvider time, IOptions<TaskOptions> options, ILogger<TaskEscalationService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("task escalation", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.EscalationCheckSeconds), time);
        do
        {
            try
            {
                foreach (var t in await tasks.EscalateDueAsync(time.GetUtcNow(), stoppingToken))
                {
                    LogEscalated(t.Id, t.To.Kind, t.To.Id, t.DueAt);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {Id} to {Kind} {Unit} is overdue (due {DueAt:O}): escalated")]
    private partial void LogEscalated(long id, string kind, string unit, DateTimeOffset? dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "escalation sweep failed: {Error}")]
    private partial void LogSweepFailed(string error);
}
