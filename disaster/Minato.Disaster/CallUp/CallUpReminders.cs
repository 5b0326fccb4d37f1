using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Gis.Resilience;

namespace Minato.Disaster.CallUp;

/// <summary>
/// Every <see cref="CallUpOptions.CheckSeconds"/> on the host's <see cref="TimeProvider"/> (a fake clock in tests), sends
/// the reminders that are due (<see cref="CallUpService.RemindDueAsync"/>: once per call-up, to non-responders only).
/// </summary>
public sealed partial class CallUpReminders(
    CallUpService callUps, CallUpOptions options, TimeProvider time, ILogger<CallUpReminders> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("call-up reminders", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.CheckSeconds), time);
        do
        {
            try
            {
                foreach (var id in await callUps.RemindDueAsync(time.GetUtcNow(), stoppingToken))
                {
                    LogReminded(id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "call-up {Id}: reminders queued for those who have not answered")]
    private partial void LogReminded(long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "call-up reminder sweep failed: {Error}")]
    private partial void LogSweepFailed(string error);
}
