using Minato.Disaster.CallUp;
using Minato.Disaster.Decisions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Minato.Disaster.Jma;

/// <summary>
/// What follows a stored JMA message in this process: the decision board is recomputed and pushed (its JMA inputs come
/// from <see cref="JmaDecisionInputs"/>), and the staff call-up rules are asked for a proposal for each product the message
/// issued for Minato and for Minato's seismic intensity (<see cref="CallUpService.ProposeAsync"/> returns the open call-up
/// of a rule instead of a second one, so repeated messages propose nothing new). Drills propose nothing. A failure is
/// logged and never reaches the intake.
/// </summary>
public sealed class JmaReactions(
    JmaStore jma, DecisionBoardPublisher board, CallUpService callUps, TimeProvider time, ILogger<JmaReactions> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jma.Stored += OnStored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        jma.Stored -= OnStored;
        return Task.CompletedTask;
    }

    private void OnStored(JmaIntake intake)
    {
        if (intake is { Outcome: JmaIntake.Stored, Id: { } id })
        {
            _ = Task.Run(() => ReactAsync(id));
        }
    }

    /// <summary>Republishes the board and proposes call-ups for message <paramref name="messageId"/>.</summary>
    public async Task ReactAsync(long messageId, CancellationToken cancellationToken = default)
    {
        try
        {
            await board.PublishAsync(cancellationToken);
            foreach (var w in await jma.InForceAsync(time.GetUtcNow(), cancellationToken))
            {
                if (w.MessageId == messageId && !w.Drill && w.Status == JmaItem.Issued)
                {
                    await callUps.ProposeAsync(CallUpTrigger.ForJma(w.KindCode, w.KindName, Reference(messageId)),
                        cancellationToken: cancellationToken);
                }
            }

            var quake = await jma.LatestEarthquakeAsync(cancellationToken);
            if (quake is { Drill: false } && quake.MessageId == messageId
                && SeismicIntensity.Normalize(quake.MinatoIntensity ?? quake.AreaIntensity) is { } intensity)
            {
                await callUps.ProposeAsync(CallUpTrigger.ForIntensity(intensity, Reference(messageId)),
                    cancellationToken: cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "JMA message {Id}: decision board / call-up follow-up failed", messageId);
        }
    }

    private static string Reference(long id) => "jma:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
