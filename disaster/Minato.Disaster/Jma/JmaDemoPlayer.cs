using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Minato.Disaster.Jma;

/// <summary>
/// Plays the DEMO messages of <see cref="JmaOptions.DemoFolder"/> (<c>data/demo/jma</c>, labelled DEMO / 架空 in each
/// message) as if JMA sent them, so <c>./minato demo</c> shows JMA's warnings come and go with the typhoon scenario: a file
/// named <c>0360_….xml</c> is played 360 scenario minutes after start (divided by <see cref="JmaOptions.DemoSpeed"/>), with
/// its report time set to the moment it is played. Off unless the folder is set. Driven by the injected clock.
/// </summary>
public sealed partial class JmaDemoPlayer(JmaStore store, JmaOptions options, TimeProvider time, ILogger<JmaDemoPlayer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    // The scenario's start is taken when the player is made, not when ExecuteAsync first runs: since .NET 10 that runs on a
    // pool thread some time after StartAsync, and a clock that moved meanwhile would shift every message.
    private readonly DateTimeOffset _start = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.DemoFolder) || !Directory.Exists(options.DemoFolder))
        {
            return;
        }

        var start = _start;
        foreach (var file in Directory.GetFiles(options.DemoFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!int.TryParse(name.Split('_')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
            {
                continue;
            }

            var wait = start + TimeSpan.FromMinutes(minute / options.DemoSpeed) - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                var xml = Stamp(await File.ReadAllTextAsync(file, stoppingToken), time.GetUtcNow());
                var intake = await store.SaveAsync(Encoding.UTF8.GetBytes(xml), "demo", cancellationToken: stoppingToken);
                LogPlayed(name, intake.Line);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or Npgsql.NpgsqlException)
            {
                LogFailed(name, e.Message);
            }
        }
    }

    /// <summary>The message with its times (Control/DateTime, Head/ReportDateTime, TargetDateTime) set to <paramref name="now"/>.</summary>
    public static string Stamp(string xml, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var second = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var jst = second.ToOffset(Jst).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var utc = second.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        xml = Times().Replace(xml, m => $"<{m.Groups[1].Value}>{jst}</{m.Groups[1].Value}>");
        return ControlTime().Replace(xml, $"<DateTime>{utc}</DateTime>", 1);
    }

    [GeneratedRegex("<(ReportDateTime|TargetDateTime)>[^<]*</(?:ReportDateTime|TargetDateTime)>")]
    private static partial Regex Times();

    [GeneratedRegex("<DateTime>[^<]*</DateTime>")]
    private static partial Regex ControlTime();

    [LoggerMessage(Level = LogLevel.Information, Message = "JMA DEMO message {File}: {Line}")]
    private partial void LogPlayed(string file, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JMA DEMO message {File} not played: {Reason}")]
    private partial void LogFailed(string file, string reason);
}
