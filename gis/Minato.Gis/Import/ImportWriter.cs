using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Minato.Gis.Database;

namespace Minato.Gis.Import;

/// <summary>
/// Writes validated rows: binary COPY into a temporary table, then one UPDATE of the rows whose values differ and one
/// INSERT of the new ones, keyed on the table's UNIQUE (source, source_id) or (kind, source, source_id). Runs inside the
/// caller's transaction, so a file is stored whole or not at all. The target table is locked against concurrent imports
/// (SHARE ROW EXCLUSIVE: readers are not blocked).
/// </summary>
internal static partial class ImportWriter
{
    /// <summary>Rows written; <paramref name="Skipped"/> and <paramref name="Notes"/> for writers that match records against
    /// stored rows (the accessibility import).</summary>
    internal readonly record struct Counts(int Inserted, int Updated, int Unchanged, int Skipped = 0, IReadOnlyList<string>? Notes = null);

    private const string FacilityColumns =
        "kind, source, source_id, name, address, capacity, welfare_shelter, suits_flood, suits_landslide, suits_storm_surge, " +
        "suits_earthquake, suits_tsunami, suits_fire, suits_inland_flood, suits_volcano, is_open, note, geom, common_id";

    private const string FacilityValues =
        "name, address, capacity, welfare_shelter, suits_flood, suits_landslide, suits_storm_surge, suits_earthquake, suits_tsunami, " +
        "suits_fire, suits_inland_flood, suits_volcano, note, geom, common_id";

    private const string SuitsList =
        "suits_flood, suits_landslide, suits_storm_surge, suits_earthquake, suits_tsunami, suits_fire, suits_inland_flood, suits_volcano";

    /// <summary>
    /// The 指定緊急避難場所 whose hazard flags a 指定避難所 takes: the site of the same facility (same 共通ID facility part;
    /// where a facility has several sites, the one of the same name, else the nearest). <c>{0}</c> is the shelter row's alias.
    /// </summary>
    private const string SiteOf = """
        (SELECT s2.id FROM gis.facilities s2 WHERE s2.kind = 'evacuation_site' AND s2.common_id = {0}.common_id
         ORDER BY s2.name <> {0}.name, s2.geom <-> {0}.geom, s2.id LIMIT 1)
        """;

    public static async Task<Counts> WriteFacilitiesAsync(NpgsqlConnection conn, IReadOnlyList<FacilityRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.facilities IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_facilities (
                kind text, source text, source_id text, name text, address text, capacity integer, welfare_shelter boolean,
                suits_flood boolean, suits_landslide boolean, suits_storm_surge boolean, suits_earthquake boolean,
                suits_tsunami boolean, suits_fire boolean, suits_inland_flood boolean, suits_volcano boolean,
                is_open boolean, note text, geom geometry(Point, 6668), common_id text) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        await CopyAsync(conn, "import_facilities", FacilityColumns, rows, async (w, r) =>
        {
            await w.WriteAsync(r.Kind, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.SourceId, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.Address, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.Capacity, NpgsqlDbType.Integer, cancellationToken);
            await w.WriteAsync(r.Welfare, NpgsqlDbType.Boolean, cancellationToken);
            foreach (var s in r.Suits)
            {
                await w.WriteAsync(s, NpgsqlDbType.Boolean, cancellationToken);
            }

            await WriteNullable(w, r.IsOpen, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullable(w, r.Note, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
            await WriteNullable(w, r.CommonId, NpgsqlDbType.Text, cancellationToken);
        }, cancellationToken);

        // A shelter that is also a designated emergency site carries that site's hazard flags: set them on the incoming
        // rows (so a re-import compares equal), and after the write on stored shelters (when the sites came second).
        var takeFlags = string.Join(", ", SuitsList.Split(", ").Select(c => $"{c} = s.{c}"));
        var siteFlags = string.Join(", ", SuitsList.Split(", ").Select(c => $"s.{c}"));
        await conn.ExecAsync($"""
            UPDATE import_facilities t SET {takeFlags} FROM gis.facilities s
            WHERE t.kind = 'shelter' AND t.common_id IS NOT NULL AND s.id = {string.Format(CultureInfo.InvariantCulture, SiteOf, "t")}
            """, cancellationToken: cancellationToken);

        var set = string.Join(", ", FacilityValues.Split(", ").Select(c => $"{c} = t.{c}"));
        var mine = string.Join(", ", FacilityValues.Split(", ").Select(c => $"f.{c}"));
        var theirs = string.Join(", ", FacilityValues.Split(", ").Select(c => $"t.{c}"));
        const string Match = "f.kind = t.kind AND f.source = t.source AND f.source_id = t.source_id";
        var differs = $"({mine}, f.is_open) IS DISTINCT FROM ({theirs}, COALESCE(t.is_open, f.is_open))";
        var updated = await ExecWhenNeededAsync(conn,
            $"SELECT 1 FROM gis.facilities f JOIN import_facilities t ON {Match} WHERE {differs}", $"""
            UPDATE gis.facilities f SET {set}, is_open = COALESCE(t.is_open, f.is_open), updated_at = now()
            FROM import_facilities t
            WHERE {Match} AND {differs}
            """, cancellationToken);
        var missing = $"NOT EXISTS (SELECT 1 FROM gis.facilities f WHERE {Match})";
        var inserted = await ExecWhenNeededAsync(conn, $"SELECT 1 FROM import_facilities t WHERE {missing}", $"""
            INSERT INTO gis.facilities ({FacilityColumns})
            SELECT {FacilityColumns.Replace("is_open", "COALESCE(is_open, true)", StringComparison.Ordinal)} FROM import_facilities t
            WHERE {missing}
            """, cancellationToken);
        var stale = $"""
            h.kind = 'shelter' AND h.common_id IS NOT NULL AND s.id = {string.Format(CultureInfo.InvariantCulture, SiteOf, "h")}
            AND ({SuitsList.Replace("suits_", "h.suits_", StringComparison.Ordinal)}) IS DISTINCT FROM ({siteFlags})
            """;
        await ExecWhenNeededAsync(conn, $"SELECT 1 FROM gis.facilities h, gis.facilities s WHERE {stale}", $"""
            UPDATE gis.facilities h SET {takeFlags}, updated_at = now() FROM gis.facilities s WHERE {stale}
            """, cancellationToken);
        return new Counts(inserted, updated, rows.Count - inserted - updated);
    }

    private const string RoadColumns = "source, source_id, name, road_class, width_m, oneway, emergency_route, geom, foot";
    private const string RoadValues = "name, road_class, width_m, oneway, emergency_route, geom, foot";

    public static async Task<Counts> WriteRoadsAsync(NpgsqlConnection conn, IReadOnlyList<RoadRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.roads IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_roads (source text, source_id text, name text, road_class text, width_m real,
                oneway boolean, emergency_route boolean, geom geometry(LineString, 6668), foot boolean) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        await CopyAsync(conn, "import_roads", RoadColumns, rows, async (w, r) =>
        {
            await w.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.SourceId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.Name, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.RoadClass, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.WidthM, NpgsqlDbType.Real, cancellationToken);
            await w.WriteAsync(r.Oneway, NpgsqlDbType.Boolean, cancellationToken);
            await w.WriteAsync(r.EmergencyRoute, NpgsqlDbType.Boolean, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
            await w.WriteAsync(r.Foot, NpgsqlDbType.Boolean, cancellationToken);
        }, cancellationToken);

        return await UpsertAsync(conn, "gis.roads", "import_roads", RoadColumns, RoadValues, "source, source_id", rows.Count,
            cancellationToken);
    }

    private const string HazardColumns = "kind, rank, rank_label, depth_min_m, depth_max_m, source, source_id, valid_from, geom";
    private const string HazardValues = "kind, rank, rank_label, depth_min_m, depth_max_m, valid_from, geom";

    public static async Task<Counts> WriteHazardAreasAsync(NpgsqlConnection conn, IReadOnlyList<HazardAreaRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.hazard_areas IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_hazard_areas (kind text, rank smallint, rank_label text, depth_min_m real, depth_max_m real,
                source text, source_id text, valid_from date, geom geometry(MultiPolygon, 6668)) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        await CopyAsync(conn, "import_hazard_areas", HazardColumns, rows, async (w, r) =>
        {
            await w.WriteAsync(r.Kind, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Rank, NpgsqlDbType.Smallint, cancellationToken);
            await w.WriteAsync(r.RankLabel, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.DepthMinM, NpgsqlDbType.Real, cancellationToken);
            await WriteNullable(w, r.DepthMaxM, NpgsqlDbType.Real, cancellationToken);
            await w.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.SourceId, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.ValidFrom, NpgsqlDbType.Date, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
        }, cancellationToken);

        return await UpsertAsync(conn, "gis.hazard_areas", "import_hazard_areas", HazardColumns, HazardValues, "source, source_id",
            rows.Count, cancellationToken);
    }

    /// <summary>Binary COPY of <paramref name="rows"/> into a temp table; <paramref name="writeRow"/> writes one row's columns in
    /// order.</summary>
    private static async Task CopyAsync<T>(
        NpgsqlConnection conn, string temp, string columns, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, Task> writeRow,
        CancellationToken cancellationToken)
    {
        await using var w = await conn.BeginBinaryImportAsync($"COPY {temp} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in rows)
        {
            await w.StartRowAsync(cancellationToken);
            await writeRow(w, r);
        }

        await w.CompleteAsync(cancellationToken);
    }

    /// <summary>UPDATE rows whose values differ, INSERT the missing ones. Names are constants of this class, never input.</summary>
    private static async Task<Counts> UpsertAsync(
        NpgsqlConnection conn, string target, string temp, string columns, string values, string key, int total,
            CancellationToken cancellationToken)
    {
        var valueList = values.Split(", ");
        var keyList = key.Split(", ");
        var join = string.Join(" AND ", keyList.Select(k => $"f.{k} = t.{k}"));
        var stored = string.Join(", ", valueList.Select(c => $"f.{c}"));
        var incoming = string.Join(", ", valueList.Select(c => $"t.{c}"));
        var differs = $"({stored}) IS DISTINCT FROM ({incoming})";
        var updated = await ExecWhenNeededAsync(conn, $"SELECT 1 FROM {target} f JOIN {temp} t ON {join} WHERE {differs}", $"""
            UPDATE {target} f SET {string.Join(", ", valueList.Select(c => $"{c} = t.{c}"))}, updated_at = now()
            FROM {temp} t
            WHERE {join} AND {differs}
            """, cancellationToken);
        var missing = $"NOT EXISTS (SELECT 1 FROM {target} f WHERE {join})";
        var inserted = await ExecWhenNeededAsync(conn, $"SELECT 1 FROM {temp} t WHERE {missing}", $"""
            INSERT INTO {target} ({columns}) SELECT {columns} FROM {temp} t WHERE {missing}
            """, cancellationToken);
        return new Counts(inserted, updated, total - inserted - updated);
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
        {
            await w.WriteAsync(v, type, cancellationToken);
        }
        else
        {
            await w.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await w.WriteNullAsync(cancellationToken);
        }
        else
        {
            await w.WriteAsync(value, type, cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="statement"/> only when <paramref name="probe"/> finds a row: the layers' statement-level
    /// triggers bump the layer version (and invalidate tiles) even for a statement that changes nothing, and an
    /// unchanged re-import must not.
    /// </summary>
    /// <remarks>SQL here is assembled from this class's constants only; values travel through COPY or parameters.</remarks>
    private static async Task<int> ExecWhenNeededAsync(NpgsqlConnection conn, string probe, string statement,
        CancellationToken cancellationToken) =>
        await conn.ScalarAsync($"SELECT EXISTS ({probe})", cancellationToken: cancellationToken) is true
            ? await conn.ExecAsync(statement, cancellationToken: cancellationToken)
            : 0;
}
