using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Minato.Disaster.Tests.Jma;

/// <summary>
/// A JMA-like Atom PULL feed served by the test on Kestrel (127.0.0.1, a free port): feeds <c>/feed/{name}.xml</c> list
/// entries whose messages live at <c>/data/{entry}.xml</c>; a feed answers 304 to a matching If-None-Match; it can be
/// taken down (503). Every request is logged with the fake clock's time.
/// </summary>
internal sealed class LocalJmaFeed : IAsyncDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<(string Id, string Title)>> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _messages = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    private LocalJmaFeed(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public ConcurrentQueue<(string Path, int Status, DateTimeOffset At)> Log { get; } = new();

    public bool Down { get; set; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<LocalJmaFeed> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var feed = new LocalJmaFeed(app, clock);
        app.MapGet("/feed/{name}.xml", (string name, HttpContext context) => feed.Feed(name, context));
        app.MapGet("/data/{id}.xml", (string id, HttpContext context) => feed.Message(id, context));
        await app.StartAsync(TestContext.Current.CancellationToken);
        feed.BaseUrl = app.Urls.First().TrimEnd('/');
        return feed;
    }

    /// <summary>Adds a message to a feed (its entry title is the message's Control/Title, as JMA's feeds write it).</summary>
    public void Add(string feed, string id, string title, byte[] xml)
    {
        _messages[id] = xml;
        var entries = _feeds.GetOrAdd(feed, _ => []);
        lock (entries)
        {
            entries.Add((id, title));
        }
    }

    public int Hits(string path) => Log.Count(l => l.Path == path);

    private IResult Feed(string name, HttpContext context)
    {
        var path = $"/feed/{name}.xml";
        if (Down)
        {
            Log.Enqueue((path, 503, _clock.GetUtcNow()));
            return HttpResults.StatusCode(503);
        }

        List<(string Id, string Title)> entries;
        lock (_feeds.GetOrAdd(name, _ => []))
        {
            entries = [.. _feeds[name]];
        }

        var doc = new XDocument(new XElement(Atom + "feed",
            new XElement(Atom + "title", "JMA " + name), new XElement(Atom + "id", "urn:test:" + name),
            new XElement(Atom + "updated", "2026-01-01T00:00:00Z"),
            entries.Select((e, i) => new XElement(Atom + "entry",
                new XElement(Atom + "title", e.Title), new XElement(Atom + "id", "urn:jma:" + e.Id),
                new XElement(Atom + "updated",
                    new DateTimeOffset(2026, 1, 1, 0, i, 0, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture)),
                new XElement(Atom + "link", new XAttribute("type", "application/xml"), new XAttribute("href", $"/data/{e.Id}.xml"))))));
        var text = doc.ToString();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16] + "\"";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            Log.Enqueue((path, 304, _clock.GetUtcNow()));
            return HttpResults.StatusCode(304);
        }

        Log.Enqueue((path, 200, _clock.GetUtcNow()));
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = "Thu, 01 Jan 2026 00:00:00 GMT";
        return HttpResults.Text(text, "application/atom+xml", Encoding.UTF8);
    }

    private IResult Message(string id, HttpContext context)
    {
        var path = $"/data/{id}.xml";
        Log.Enqueue((path, Down ? 503 : 200, _clock.GetUtcNow()));
        return Down ? HttpResults.StatusCode(503)
            : _messages.TryGetValue(id, out var xml) ? HttpResults.Bytes(xml, "application/xml") : HttpResults.NotFound();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
