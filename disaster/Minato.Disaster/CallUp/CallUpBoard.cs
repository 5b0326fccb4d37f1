namespace Minato.Disaster.CallUp;

/// <summary>
/// The answers of a call-up counted: in all, per district HQ, per 配備 group (a member of two groups counts in both)
/// and per district and group (key <c>{district}/{group}</c>).
/// <see cref="NotAnswered"/> names the people who have not answered: PERSONAL DATA, hq only (null in the district scopes).
/// </summary>
public sealed record CallUpBoard(BoardCounts Total, IReadOnlyList<BoardCounts> ByDistrict, IReadOnlyList<BoardCounts> ByGroup,
    IReadOnlyList<BoardCounts> ByDistrictAndGroup, IReadOnlyList<NonResponder>? NotAnswered)
{
    /// <summary>The per-group counts of one district (keys without the district).</summary>
    public IReadOnlyList<BoardCounts> ByGroupIn(string district) => [.. ByDistrictAndGroup
        .Where(c => c.Key.StartsWith(district + "/", StringComparison.Ordinal))
        .Select(c => c with { Key = c.Key[(district.Length + 1)..] })];
}

/// <summary>
/// Counts of one district, group or the whole call-up: called, 参集可能 (available; of them arriving within 30 and 60
/// minutes), 参集不可 (unavailable), not answered.
/// </summary>
public sealed record BoardCounts(string Key, int Called, int Available, int Unavailable, int NotAnswered, int Within30, int Within60);

/// <summary>Someone who has not answered (PERSONAL DATA: the hq board only).</summary>
public sealed record NonResponder(long StaffId, string Name, string District, IReadOnlyList<string> Groups);
