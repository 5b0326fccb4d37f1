namespace Minato.Disaster.Jma;

/// <summary>What one JMA message says for Minato (stored as JSON in <c>jma.messages.minato</c>). Immutable.</summary>
/// <param name="Items">Warnings and information for Minato's areas (empty: the message lifts everything it covers).</param>
/// <param name="Earthquake">Earthquake intensities, for 震度速報 and 震源・震度に関する情報.</param>
/// <param name="Tsunami">東京湾内湾, for 津波警報・注意報・予報 and 津波情報.</param>
public sealed record JmaReading(IReadOnlyList<JmaItem> Items, JmaQuake? Earthquake = null, JmaTsunami? Tsunami = null);
