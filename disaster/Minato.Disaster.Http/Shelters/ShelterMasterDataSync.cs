using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Disaster.Shelters;
using Minato.Disaster.Situation;
using Minato.Gis.Tiles;

namespace Minato.Disaster.Http.Shelters;

/// <summary>
/// Keeps the live <c>shelter</c> entities in step with master data: when <c>gis.facilities</c> changes (an import
/// renames or moves a centre; the layer listener reports the <c>facilities</c> change key) every centre is re-read and
/// republished. Unchanged centres produce no delta (scopes compare the JSON), and nothing else is published: a master
/// data edit never issues a resident alert. Changes arriving during a refresh are folded into one more refresh.
/// </summary>
internal sealed partial class ShelterMasterDataSync(
    ShelterService shelters, ISituationBus bus, ILogger<ShelterMasterDataSync> logger, LayerChangeListener? listener = null) : BackgroundService
{
    private const string FacilitiesKey = "facilities";

    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        listener.Invalidated += OnInvalidated;
        try
        {
            await foreach (var _ in _changed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var all = await shelters.ListAsync(null, null, stoppingToken);
                    bus.Publish(all.Select(ShelterChanges.Change).ToList());
                    LogRefreshed(all.Count);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefreshFailed(e.Message);
                }
            }
        }
        finally
        {
            listener.Invalidated -= OnInvalidated;
        }
    }

    // Runs on the listener's thread: only signal, never wait.
    private void OnInvalidated(string changeKey)
    {
        if (changeKey == FacilitiesKey)
        {
            _changed.Writer.TryWrite(true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "facilities changed: {Count} evacuation centres republished to the live situation")]
    private partial void LogRefreshed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "refreshing evacuation centres after a facilities change failed: {Error}")]
    private partial void LogRefreshFailed(string error);
}
