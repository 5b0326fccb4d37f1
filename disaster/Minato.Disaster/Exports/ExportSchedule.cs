using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Minato.Disaster.Exports;

/// <summary>
/// Writes the national exports (eei.json, eei.csv, evacuation_sites.csv) to <see cref="ExportOptions.Directory"/> every
/// <see cref="ExportOptions.IntervalMinutes"/>, on the <see cref="TimeProvider"/>'s timer; each file is written to a
/// temporary name and moved over the old one, so a reader never sees half a file. Off when no directory is configured.
/// </summary>
public sealed class ExportSchedule(ShelterExports exports, IOptions<ExportOptions> options, TimeProvider time,
    ILogger<ExportSchedule> logger) : BackgroundService
{
    // Japanese as it is (not \uXXXX escapes): the file is read by people and spreadsheets as well as programs.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>Writes the three files once into <paramref name="directory"/>.</summary>
    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var eei = await exports.EeiAsync(cancellationToken);
        await ReplaceAsync(directory, "eei.json", JsonSerializer.SerializeToUtf8Bytes(ShelterExports.EeiJson(eei), Json),
            cancellationToken);
        await ReplaceAsync(directory, "eei.csv", ShelterExports.EeiCsv(eei), cancellationToken);
        await ReplaceAsync(directory, "evacuation_sites.csv", await exports.EvacuationSitesCsvAsync(options.Value, cancellationToken),
            cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Directory is not { Length: > 0 } directory)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes), time);
        do
        {
            try
            {
                await WriteAsync(directory, stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Npgsql.NpgsqlException)
            {
                logger.LogWarning(e, "scheduled export to {Directory} failed; the next run tries again", directory);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static async Task ReplaceAsync(string directory, string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
