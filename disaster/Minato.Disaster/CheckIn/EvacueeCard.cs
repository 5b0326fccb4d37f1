namespace Minato.Disaster.CheckIn;

/// <summary>
/// What the holder of a registration's token sees (and a centre's staff print for a walk-in): the token and its QR code
/// (SVG), the registrant's name, the household's size and consent, and its current stay. Personal data: answered only to
/// the token's holder or to staff, never cached.
/// </summary>
public sealed record EvacueeCard(
    string Token, string QrPayload, string QrSvg, string Name, string Kana, int HouseholdSize, bool Consent, EvacueeStay? Stay);
