using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Disaster.Shelters;
using Minato.Disaster.Situation;
using Minato.Gis.Resilience;
using Minato.Gis.Tiles;

namespace Minato.Disaster.Http.Shelters;

/// <summary>
/// Keeps the live <c>shelter</c> entities in step with master data: when <c>gis.facilities</c> changes (an import
/// renames or moves a centre; the layer listener reports the <c>facilities</c> change key) every centre is re-read and
/// republished. Unchanged centres produce no delta (scopes compare the JSON), and nothing else is published: a master
/// data edit never issues a resident alert. Changes arriving during a refresh are folded into one more refresh; a refresh
/// that fails (the database down) is done again after a back-off (<see cref="ResilientLoop"/>).
/// </summary>
internal sealed partial class ShelterMasterDataSync(
    ShelterStore shelters, ISituationBus bus, TimeProvider time, ILogger<ShelterMasterDataSync> logger,
    LayerChangeListener? listener = null) : BackgroundService
{
    private const string FacilitiesKey = "facilities";

    // No window: a refresh follows each change at once; changes during a refresh fold into one more.
    private readonly RecomputeSignal _changed = new(TimeSpan.Zero, time);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listener is null
        ? Task.CompletedTask
        : ResilientLoop.RunAsync("refreshing shelters after a facilities change", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        listener!.Invalidated += OnInvalidated;
        try
        {
            await _changed.RunAsync(RefreshAsync, stoppingToken);
        }
        finally
        {
            listener.Invalidated -= OnInvalidated;
        }
    }

    // A failed refresh (the database may be down) leaves the signal raised: done again after the back-off.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var all = await shelters.ListAsync(null, null, cancellationToken);
        bus.Publish(all.Select(ShelterChanges.Change).ToList());
        LogRefreshed(all.Count);
    }

    // Runs on the listener's thread: only signal, never wait.
    private void OnInvalidated(string changeKey)
    {
        if (changeKey == FacilitiesKey)
        {
            _changed.Raise();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "facilities changed: {Count} shelters republished to the live situation")]
    private partial void LogRefreshed(int count);
}
