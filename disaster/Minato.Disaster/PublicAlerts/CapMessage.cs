namespace Minato.Disaster.PublicAlerts;

/// <summary>Everything one CAP 1.2 message says (see <see cref="CapDocument"/>). Times in any offset; written in JST.</summary>
public sealed record CapMessage(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    string Status,
    string MsgType,
    IReadOnlyList<CapReference> References,
    string? Note,
    WarningLevel Level,
    IReadOnlyDictionary<string, string> Headline,
    IReadOnlyDictionary<string, string> Description,
    IReadOnlyDictionary<string, string>? Instruction,
    IReadOnlyDictionary<string, string> AreaDescription,
    IReadOnlyList<string> Polygons,
    DateTimeOffset? Expires,
    string SenderNameJa,
    string SenderNameEn,
    string? Web);

/// <summary>An earlier message a CAP Update or Cancel refers to.</summary>
public sealed record CapReference(string Sender, string Identifier, DateTimeOffset Sent);
