using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Minato.Disaster.Jma;

/// <summary>
/// Polls JMA's Atom PULL feeds (<see cref="JmaOptions.FeedNames"/>; the long <c>_l</c> versions once at start-up) on the
/// injected clock. Each feed is asked conditionally (If-None-Match / If-Modified-Since, the state kept in <c>jma.feeds</c>
/// so a restart asks the same way); each new entry of a product this system reads is fetched once and stored (an entry id
/// held already is never fetched again, across restarts). An unreachable feed waits twice as long each time, up to
/// <see cref="JmaOptions.MaxBackoff"/>; a message that fails to fetch is tried again at the next poll (the feed state is
/// kept back); a broken message is stored as rejected. Nothing here stops the host. Off unless <see cref="JmaOptions.PollFeeds"/>.
/// </summary>
public sealed partial class JmaFeedPoller(JmaStore store, JmaOptions options, TimeProvider time, ILogger<JmaFeedPoller> logger)
    : BackgroundService
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = options.RequestTimeout,
        DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("Minato.Gis", "1.0") } },
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.PollFeeds)
        {
            return;
        }

        if (options.LongFeedsAtStart)
        {
            foreach (var feed in options.FeedNames)
            {
                await PollAsync(FeedUrl(feed + "_l"), stoppingToken);
            }
        }

        await Task.WhenAll(options.FeedNames.Select(feed => LoopAsync(FeedUrl(feed), stoppingToken)));
    }

    private async Task LoopAsync(Uri url, CancellationToken stoppingToken)
    {
        var wait = options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var reached = await PollAsync(url, stoppingToken);
            wait = reached ? options.PollInterval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxBackoff.Ticks));
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One poll of one feed; false when the feed (or the database) could not be reached.</summary>
    public async Task<bool> PollAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            var feed = url.ToString();
            var (etag, lastModified) = await store.FeedStateAsync(feed, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (lastModified is not null && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var since))
            {
                request.Headers.IfModifiedSince = since;
            }

            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return true;
            }

            if (!response.IsSuccessStatusCode)
            {
                LogUnreachable(feed, $"HTTP {(int)response.StatusCode}");
                return false;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var entries = JmaFeedEntry.Read(body, url).Where(e => JmaProducts.IsKnownTitle(e.Title)).ToList();
            var known = await store.KnownEntriesAsync(entries.Select(e => e.Id).ToList(), cancellationToken);
            var complete = true;
            foreach (var entry in entries.Where(e => !known.Contains(e.Id)).OrderBy(e => e.Updated))
            {
                complete &= await FetchAsync(entry, cancellationToken);
            }

            if (complete)
            {
                var modified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                await store.SaveFeedStateAsync(feed, response.Headers.ETag?.ToString(), modified, cancellationToken);
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Xml.XmlException
                                      or Npgsql.NpgsqlException or IOException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(url.ToString(), e.Message);
            return false;
        }
    }

    private async Task<bool> FetchAsync(JmaFeedEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(entry.Link, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFetchFailed(entry.Link.ToString(), $"HTTP {(int)response.StatusCode}");
                return false;
            }

            // Read at most one byte more than the cap: an oversized message is stored as rejected, never read whole.
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while (buffer.Length <= options.MaxMessageBytes && (n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, n);
            }

            var intake = await store.SaveAsync(buffer.ToArray(), "feed", entry.Id, cancellationToken: cancellationToken);
            LogStored(entry.Title, intake.Line);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException
                                      && !cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(entry.Link.ToString(), e.Message);
            return false;
        }
    }

    private Uri FeedUrl(string feed) =>
        new(new Uri(options.FeedBaseUrl.EndsWith('/') ? options.FeedBaseUrl : options.FeedBaseUrl + "/"), feed + ".xml");

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "JMA feed {Feed} unreachable: {Reason}")]
    private partial void LogUnreachable(string feed, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JMA message {Url} not fetched (tried again at the next poll): {Reason}")]
    private partial void LogFetchFailed(string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "JMA {Title}: {Line}")]
    private partial void LogStored(string title, string line);
}
