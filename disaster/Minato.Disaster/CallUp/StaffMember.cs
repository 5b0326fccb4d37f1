namespace Minato.Disaster.CallUp;

/// <summary>
/// A member of the staff directory. PERSONAL DATA (name, e-mail, phone): hq only, every read audited
/// (<c>staff.read</c>), never on a public endpoint or in a live scope other than hq.
/// </summary>
public sealed record StaffMember(long Id, string Name, string Email, string? Phone, string District, IReadOnlyList<string> Groups,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
