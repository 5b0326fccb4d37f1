using System.Xml;
using System.Xml.Linq;

namespace Minato.Disaster.Jma;

/// <summary>An entry of a JMA Atom PULL feed: its id, title (the message's Control/Title), update time and the message's URL.
/// Immutable.</summary>
public sealed record JmaFeedEntry(string Id, string Title, DateTimeOffset? Updated, Uri Link)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>The entries of an Atom document (DTD processing prohibited); relative links resolve against <paramref name="feedUrl"/>.
    /// Entries without an id or a link are skipped.</summary>
    public static IReadOnlyList<JmaFeedEntry> Read(Stream atom, Uri feedUrl)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(atom, settings);
        var doc = XDocument.Load(reader);
        var entries = new List<JmaFeedEntry>();
        foreach (var e in doc.Root?.Elements(Atom + "entry") ?? [])
        {
            var id = e.Element(Atom + "id")?.Value.Trim();
            var href = e.Elements(Atom + "link").Select(l => l.Attribute("href")?.Value).FirstOrDefault(h => !string.IsNullOrWhiteSpace(h));
            if (string.IsNullOrEmpty(id) || href is null || !Uri.TryCreate(feedUrl, href, out var link))
            {
                continue;
            }

            DateTimeOffset? updated = DateTimeOffset.TryParse(e.Element(Atom + "updated")?.Value,
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var u) ? u : null;
            entries.Add(new JmaFeedEntry(id, e.Element(Atom + "title")?.Value.Trim() ?? "", updated, link));
        }

        return entries;
    }
}
