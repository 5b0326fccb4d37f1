using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Minato.Audit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>
/// The real host on a database of its own, on a clock that starts at <see cref="ClockStart"/> and runs at real speed
/// (a shifted clock rather than FakeTimeProvider: the whole host runs on it, and its timers must keep firing).
/// </summary>
public sealed class RecoveryApiFactory : MinatoApiFactory
{
    /// <summary>2026-11-24 10:00 in Tokyo: 令和8年.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);

    public DateTimeOffset ClockStart { get; init; } = DefaultStart;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(new ShiftedClock(ClockStart)));
    }

    /// <summary>A Minato City boundary (the ward's bounding box) and a Shiba district covering its eastern part.</summary>
    public Task LoadWardAsync() => Database.ExecuteAsync(
        """
        INSERT INTO gis.boundary (id, name_ja, name_en, source, geom) VALUES
          ('13103', '港区', 'Minato City', 'test', ST_Multi(ST_MakeEnvelope(139.708, 35.623, 139.783, 35.683, 6668)));
        INSERT INTO gis.districts (id, name_ja, name_en, source, geom) VALUES
          ('shiba', '芝地区', 'Shiba', 'test', ST_Multi(ST_MakeEnvelope(139.74, 35.623, 139.783, 35.683, 6668)));
        """);

    /// <summary>The audit rows of an action, oldest first: (actor, role, entity_id, details).</summary>
    public async Task<List<(string Actor, string Role, string? EntityId, JsonElement Details)>> AuditRowsAsync(string action,
        long afterSeq = 0)
    {
        await using var cmd = Database.DataSource.CreateCommand(
            "SELECT actor, role, entity_id, details::text FROM ops.audit_log WHERE action = $1 AND seq > $2 ORDER BY seq");
        cmd.Parameters.AddWithValue(action);
        cmd.Parameters.AddWithValue(afterSeq);
        var rows = new List<(string, string, string?, JsonElement)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                JsonDocument.Parse(r.GetString(3)).RootElement.Clone()));
        }

        return rows;
    }

    public Task<long> AuditHeadAsync() => Database.ScalarAsync<long>("SELECT seq FROM ops.audit_head");

    public async Task AssertAuditIntactAsync()
    {
        var result = await AuditVerifier.VerifyAsync(Database.DataSource);
        Assert.True(result.Intact, string.Join("; ", result.Problems));
    }

    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _offset = start - TimeProvider.System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _offset;
    }
}
