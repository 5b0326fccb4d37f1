using System.Globalization;
using System.Xml.Linq;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Writes CAP 1.2 (OASIS Common Alerting Protocol) documents with System.Xml.Linq, in the element order of the schema:
/// one <c>&lt;info&gt;</c> per language of the headline, scope Public, times as <c>yyyy-MM-ddTHH:mm:ss+09:00</c>
/// (CAP forbids "Z" and fractions), <c>&lt;references&gt;</c> as space-separated "sender,identifier,sent" triples.
/// Level → urgency / severity / certainty / responseType follows <see cref="WarningLevel"/>; a Cancel says
/// urgency Past, severity Minor, certainty Observed, responseType AllClear. Pure; thread-safe.
/// </summary>
public static class CapDocument
{
    public static readonly XNamespace Ns = "urn:oasis:names:tc:emergency:cap:1.2";

    public const string ContentType = "application/cap+xml";

    /// <summary>The Japanese name of the level scheme, used as the CAP eventCode valueName.</summary>
    public const string LevelCodeName = "JP-EvacuationAlertLevel";

    public static XDocument Build(CapMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var cancel = m.MsgType == "Cancel";
        var alert = new XElement(Ns + "alert",
            new XElement(Ns + "identifier", m.Identifier),
            new XElement(Ns + "sender", m.Sender),
            new XElement(Ns + "sent", Time(m.Sent)),
            new XElement(Ns + "status", m.Status),
            new XElement(Ns + "msgType", m.MsgType),
            new XElement(Ns + "scope", "Public"));
        if (!string.IsNullOrWhiteSpace(m.Note))
        {
            alert.Add(new XElement(Ns + "note", m.Note));
        }

        if (m.References.Count > 0)
        {
            alert.Add(new XElement(Ns + "references", string.Join(' ', m.References.Select(r
                => $"{r.Sender},{r.Identifier},{Time(r.Sent)}"))));
        }

        foreach (var language in AlertLanguages.All.Where(m.Headline.ContainsKey))
        {
            var info = new XElement(Ns + "info",
                new XElement(Ns + "language", AlertLanguages.CapTag(language)),
                new XElement(Ns + "category", "Safety"),
                new XElement(Ns + "event", AlertLanguages.Pick(m.Level.Event, language)));
            info.Add(new XElement(Ns + "responseType", cancel ? "AllClear" : m.Level.ResponseType));
            info.Add(
                new XElement(Ns + "urgency", cancel ? "Past" : m.Level.Urgency),
                new XElement(Ns + "severity", cancel ? "Minor" : m.Level.Severity),
                new XElement(Ns + "certainty", cancel ? "Observed" : m.Level.Certainty),
                new XElement(Ns + "eventCode",
                    new XElement(Ns + "valueName", LevelCodeName),
                    new XElement(Ns + "value", m.Level.Level.ToString(CultureInfo.InvariantCulture))));
            if (m.Expires is { } expires)
            {
                info.Add(new XElement(Ns + "expires", Time(expires)));
            }

            info.Add(
                new XElement(Ns + "senderName", language is "ja" or "ja-easy" ? m.SenderNameJa : m.SenderNameEn),
                new XElement(Ns + "headline", AlertLanguages.Pick(m.Headline, language)),
                new XElement(Ns + "description", AlertLanguages.Pick(m.Description, language)));
            if (m.Instruction is not null)
            {
                info.Add(new XElement(Ns + "instruction", AlertLanguages.Pick(m.Instruction, language)));
            }

            if (m.Web is not null)
            {
                info.Add(new XElement(Ns + "web", m.Web));
            }

            var area = new XElement(Ns + "area", new XElement(Ns + "areaDesc", AlertLanguages.Pick(m.AreaDescription, language)));
            foreach (var polygon in m.Polygons)
            {
                area.Add(new XElement(Ns + "polygon", polygon));
            }

            info.Add(area);
            alert.Add(info);
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null), alert);
    }

    /// <summary>The XML text with its declaration (UTF-8).</summary>
    public static string ToText(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Declaration + "\n" + document.Root!.ToString(SaveOptions.None);
    }

    /// <summary>CAP time: whole seconds in Japan Standard Time with an explicit +09:00 offset.</summary>
    public static string Time(DateTimeOffset t) =>
        t.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
