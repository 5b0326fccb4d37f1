using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>
/// Two districts side by side (azabu west of lon 139.74, shiba east of it) and evacuation centres each test adds for
/// itself, so tests never share rows.
/// </summary>
internal static class ShelterScene
{
    public const string DistrictsSql =
        """
        INSERT INTO gis.districts (id, name_ja, name_en, source, geom) VALUES
          ('shiba', '芝地区', 'Shiba', 'test', ST_Multi(ST_MakeEnvelope(139.74, 35.62, 139.79, 35.69, 6668))),
          ('azabu', '麻布地区', 'Azabu', 'test', ST_Multi(ST_MakeEnvelope(139.70, 35.62, 139.74, 35.69, 6668)))
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Adds a facility (by default an evacuation centre) in <paramref name="district"/> and returns its id.</summary>
    public static async Task<string> AddCentreAsync(TestDatabase db, string district, int? capacity = 100, string kind = "shelter",
        string? name = null)
    {
        await db.ExecuteAsync(DistrictsSql);
        await using var cmd = db.DataSource.CreateCommand(
            """
            INSERT INTO gis.facilities (kind, source, source_id, name, capacity, geom)
            VALUES ($1, 'test', gen_random_uuid()::text, $2, $3, ST_SetSRID(ST_Point($4, 35.65), 6668)) RETURNING id
            """);
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(name ?? "テスト小学校 " + district);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)capacity ?? DBNull.Value);
        cmd.Parameters.AddWithValue(district == "shiba" ? 139.76 : 139.72);
        return ((long)(await cmd.ExecuteScalarAsync())!).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A valid status body.</summary>
    public static object Status(int headcount, int households = 1, int? capacity = null) => new
    {
        capacity,
        headcount,
        households,
        needs = new { wheelchair = 1, infants = 2, pets = 3, medical = 0 },
        supplies = new[] { new { item = "water", quantity = 200, unit = "L" }, new { item = "blanket", quantity = 40, unit = "pcs" } },
    };

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<long> AuditCountAsync(TestDatabase db, string action, string entityId)
    {
        await using var cmd = db.DataSource.CreateCommand("SELECT count(*) FROM ops.audit_log WHERE action = $1 AND entity_id = $2");
        cmd.Parameters.AddWithValue(action);
        cmd.Parameters.AddWithValue(entityId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
