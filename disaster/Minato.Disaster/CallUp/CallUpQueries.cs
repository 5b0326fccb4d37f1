using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>Reads call-ups with their boards (in a transaction when given, so a board matches the write it follows).</summary>
internal static class CallUpQueries
{
    private const string Columns =
        "id, state, level, groups, reason, rule_id, rule_version, created_at, created_by, started_at, ended_at, links_expire, " +
        "reminded_at, " +
        "board_version";

    private sealed record Row(long Id, string State, string Level, string[] Groups, string Reason, long? RuleId, int? RuleVersion,
        DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? LinksExpire,
        DateTimeOffset? RemindedAt, long BoardVersion);

    private sealed record Answer(string District, string[] Groups, string? Value, int? Minutes, long? StaffId, string? Name);

    /// <summary>One call-up, or null.</summary>
    public static async Task<CallUpView?> GetAsync(NpgsqlTransaction tx, long id, CancellationToken cancellationToken) =>
        (await LoadAsync(tx, "id = $1", [id], cancellationToken)).FirstOrDefault();

    /// <summary>The call-ups <paramref name="where"/> selects (SQL over ops.callups, values as parameters), newest first.</summary>
    public static async Task<IReadOnlyList<CallUpView>> LoadAsync(NpgsqlTransaction tx, string where, object?[] values,
        CancellationToken cancellationToken)
    {
        var rows = await tx.QueryAsync($"SELECT {Columns} FROM ops.callups WHERE {where} ORDER BY id DESC LIMIT 200", values, r => new Row(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetFieldValue<DateTimeOffset>(7),
            r.GetString(8), Time(r, 9), Time(r, 10), Time(r, 11), Time(r, 12), r.GetInt64(13)), cancellationToken);
        var result = new List<CallUpView>(rows.Count);
        foreach (var row in rows)
        {
            var answers = await tx.QueryAsync(
                """
                SELECT r.district, r.groups, r.answer, r.minutes, r.staff_id, s.name
                FROM ops.callup_recipients r LEFT JOIN ops.staff s ON s.id = r.staff_id WHERE r.callup_id = $1 ORDER BY r.district, s.name
                """, [row.Id], r => new Answer(r.GetString(0), r.GetFieldValue<string[]>(1), r.IsDBNull(2) ? null : r.GetString(2),
                    r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5)),
                cancellationToken);
            result.Add(new CallUpView(row.Id, row.State, row.Level, CallUpLevels.NameJa(row.Level), CallUpLevels.NameEn(row.Level),
                row.Groups, row.Reason, row.RuleId, row.RuleVersion, row.CreatedAt, row.CreatedBy, row.StartedAt, row.EndedAt,
                row.LinksExpire, row.RemindedAt, row.BoardVersion, Board(answers)));
        }

        return result;
    }

    private static CallUpBoard Board(IReadOnlyList<Answer> answers)
    {
        var byDistrict = StaffDistricts.All.Select(d => Count(d, answers.Where(a => a.District == d).ToList()))
            .Where(c => c.Called > 0).ToList();
        var byGroup = answers.SelectMany(a => a.Groups).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(g => Count(g, answers.Where(a => a.Groups.Contains(g, StringComparer.Ordinal)).ToList())).ToList();
        var byDistrictAndGroup = answers.SelectMany(a => a.Groups.Select(g => (Key: a.District + "/" + g, Answer: a)))
            .GroupBy(x => x.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Count(g.Key, g.Select(x => x.Answer).ToList())).ToList();
        var missing = answers.Where(a => a.Value is null && a.StaffId is not null)
            .Select(a => new NonResponder(a.StaffId!.Value, a.Name!, a.District, a.Groups)).ToList();
        return new CallUpBoard(Count("all", answers), byDistrict, byGroup, byDistrictAndGroup, missing);
    }

    private static BoardCounts Count(string key, IReadOnlyList<Answer> answers) => new(key, answers.Count,
        answers.Count(a => a.Value == "available"), answers.Count(a => a.Value == "unavailable"), answers.Count(a => a.Value is null),
        answers.Count(a => a.Value == "available" && a.Minutes <= 30), answers.Count(a => a.Value == "available" && a.Minutes <= 60));

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
