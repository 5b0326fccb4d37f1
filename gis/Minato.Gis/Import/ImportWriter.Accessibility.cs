using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Minato.Gis.Database;

namespace Minato.Gis.Import;

internal static partial class ImportWriter
{
    /// <summary>Metres within which a 防災マップ record and a facility of the same normalised name are the same place.</summary>
    public const double NameMatchMetres = 100;

    /// <summary>Metres within which a record whose name matched nothing takes the nearest facility (names differ between the
    /// lists: スポーツセンター is みなとパーク芝浦（港区スポーツセンター…）in the GSI list).</summary>
    public const double PlaceMatchMetres = 50;

    private const string AccessibilityValues = "elevator_or_ground_floor, slope, tactile_paving, accessible_toilet, accessibility_note";

    /// <summary>
    /// Sets the accessibility columns of the stored evacuation sites and shelters each 防災マップ record matches: (1) every
    /// site or shelter of the same normalised name within <see cref="NameMatchMetres"/>; (2) for a record that matched
    /// nothing by name, the nearest site or shelter within <see cref="PlaceMatchMetres"/> not already matched by name
    /// (with any other at the same spot, ±1 m: a facility's site and shelter rows share a point). A facility matched by
    /// two records takes the name match, then the first record. Records matching nothing are skipped and listed.
    /// </summary>
    public static async Task<Counts> WriteAccessibilityAsync(NpgsqlConnection conn, IReadOnlyList<AccessibilityRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.facilities IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_accessibility (seq integer, name text, name_key text, elevator_or_ground_floor boolean,
                slope boolean, tactile_paving boolean, accessible_toilet boolean, accessibility_note text,
                geom geometry(Point, 6668)) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        var seq = 0;
        await CopyAsync(conn, "import_accessibility", "seq, name, name_key, " + AccessibilityValues + ", geom", rows, async (w, r) =>
        {
            await w.WriteAsync(seq++, NpgsqlDbType.Integer, cancellationToken);
            await w.WriteAsync(r.Name, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.NameKey, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.ElevatorOrGroundFloor, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullable(w, r.Slope, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullable(w, r.TactilePaving, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullable(w, r.AccessibleToilet, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullable(w, r.Note, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
        }, cancellationToken);

        var byName = NameMatchMetres.ToString(CultureInfo.InvariantCulture);
        var byPlace = PlaceMatchMetres.ToString(CultureInfo.InvariantCulture);
        await conn.ExecAsync($"""
            CREATE TEMP TABLE accessibility_match ON COMMIT DROP AS
            WITH candidates AS (
                SELECT id, regexp_replace(normalize(name, NFKC), '\s', '', 'g') AS name_key, geom::geography AS g
                FROM gis.facilities WHERE kind IN ('evacuation_site', 'shelter')),
            incoming AS (SELECT seq, name_key, geom::geography AS g FROM import_accessibility),
            by_name AS (
                SELECT i.seq, c.id FROM incoming i JOIN candidates c ON c.name_key = i.name_key AND ST_DWithin(c.g, i.g, {byName})),
            free AS (SELECT * FROM candidates WHERE id NOT IN (SELECT id FROM by_name)),
            unmatched AS (SELECT * FROM incoming WHERE seq NOT IN (SELECT seq FROM by_name)),
            nearest AS (
                SELECT u.seq, min(ST_Distance(c.g, u.g)) AS d FROM unmatched u JOIN free c ON ST_DWithin(c.g, u.g, {byPlace})
                GROUP BY u.seq),
            by_place AS (
                SELECT u.seq, c.id FROM nearest n JOIN unmatched u USING (seq) JOIN free c ON ST_DWithin(c.g, u.g, n.d + 1))
            SELECT DISTINCT ON (id) id, seq FROM (
                SELECT seq, id, 0 AS rule FROM by_name UNION ALL SELECT seq, id, 1 FROM by_place) m
            ORDER BY id, rule, seq
            """, cancellationToken: cancellationToken);

        var stored = string.Join(", ", AccessibilityValues.Split(", ").Select(c => $"f.{c}"));
        var incoming = string.Join(", ", AccessibilityValues.Split(", ").Select(c => $"t.{c}"));
        const string Join = "FROM accessibility_match m JOIN import_accessibility t USING (seq) WHERE f.id = m.id";
        var differs = $"({stored}) IS DISTINCT FROM ({incoming})";
        var updated = await ExecWhenNeededAsync(conn, $"SELECT 1 FROM gis.facilities f, accessibility_match m JOIN " +
            $"import_accessibility t USING (seq) WHERE f.id = m.id AND {differs}", $"""
            UPDATE gis.facilities f SET ({AccessibilityValues}) = ({incoming}), updated_at = now()
            {Join} AND {differs}
            """, cancellationToken);
        var matchedFacilities = Convert.ToInt32(await conn.ScalarAsync("SELECT count(*) FROM accessibility_match",
            cancellationToken: cancellationToken), CultureInfo.InvariantCulture);

        var unmatched = await conn.QueryAsync("""
            SELECT t.name, (SELECT round(min(ST_Distance(f.geom::geography, t.geom::geography)))::integer FROM gis.facilities f
                            WHERE f.kind IN ('evacuation_site', 'shelter'))
            FROM import_accessibility t WHERE t.seq NOT IN (SELECT seq FROM accessibility_match) ORDER BY t.seq
            """, null, r => (Name: r.GetString(0), Metres: r.IsDBNull(1) ? (int?)null : r.GetInt32(1)), cancellationToken);
        var notes = unmatched.Select(u => $"no matching site or shelter for {u.Name} (" +
            (u.Metres is { } m ? $"nearest site or shelter {m} m" : "no site or shelter stored") + "): skipped").ToList();
        notes.Insert(0, $"{rows.Count - unmatched.Count} of {rows.Count} records matched {matchedFacilities} sites and shelters " +
            $"(same name within {byName} m, else the nearest within {byPlace} m)");
        return new Counts(0, updated, matchedFacilities - updated, unmatched.Count, notes);
    }
}
