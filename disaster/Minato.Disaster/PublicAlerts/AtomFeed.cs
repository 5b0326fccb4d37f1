using System.Globalization;
using System.Xml.Linq;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The Atom 1.0 index of current CAP messages (<c>/alerts/cap</c>): one entry per alert linking to its newest CAP
/// document (<c>type="application/cap+xml"</c>). Links are absolute, built from the given base URL. Pure.
/// </summary>
public static class AtomFeed
{
    public static readonly XNamespace Ns = "http://www.w3.org/2005/Atom";

    public const string ContentType = "application/atom+xml";

    public static XDocument Build(IReadOnlyList<FeedEntry> entries, string baseUrl, DateTimeOffset now, string authorJa, string authorEn)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        baseUrl = baseUrl.TrimEnd('/');
        var updated = entries.Count == 0 ? now : entries.Max(e => e.Sent);
        var feed = new XElement(Ns + "feed",
            new XAttribute(XNamespace.Xml + "lang", "ja"),
            new XElement(Ns + "id", baseUrl + "/alerts/cap"),
            new XElement(Ns + "title", $"{authorJa} 避難情報 / {authorEn} public alerts (CAP 1.2)"),
            new XElement(Ns + "updated", Time(updated)),
            new XElement(Ns + "author", new XElement(Ns + "name", $"{authorJa} / {authorEn}")),
            new XElement(Ns + "link", new XAttribute("rel", "self"), new XAttribute("type", ContentType), new XAttribute("href", baseUrl
                + "/alerts/cap")));
        foreach (var e in entries)
        {
            var href = baseUrl + PublicAlert.CapPath(e.AlertId, e.Version);
            var prefix = e.MsgType == "Cancel" ? "【解除 / Cancelled】 " : e.Status != "Actual" ? $"[{e.Status}] " : "";
            feed.Add(new XElement(Ns + "entry",
                new XElement(Ns + "id", "urn:cap:" + e.Identifier),
                new XElement(Ns + "title", prefix + AlertLanguages.Pick(e.Headline, "ja") + " / " + AlertLanguages.Pick(e.Headline, "en")),
                new XElement(Ns + "updated", Time(e.Sent)),
                new XElement(Ns + "category", new XAttribute("term", e.MsgType)),
                new XElement(Ns + "summary", $"{WarningLevel.Of(e.Level)!.Event["ja"]} / {WarningLevel.Of(e.Level)!.Event["en"]}"),
                new XElement(Ns + "link", new XAttribute("rel", "alternate"), new XAttribute("type", CapDocument.ContentType),
                    new XAttribute("href", href))));
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null), feed);
    }

    private static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(9)).ToString(
        "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
