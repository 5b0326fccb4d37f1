using Minato.Gis.Database;
using Minato.Gis.Layers;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Gis.Import;

internal static partial class ImportWriter
{
    private const string ChomeColumns = "key_code, name, population, households, district, source, geom";
    private const string ChomeValues = "name, population, households, district, source, geom";

    /// <summary>
    /// Upserts the 町丁目 on KEY_CODE, then rebuilds each district that has 町丁目 as the union of them (the real district
    /// outlines), so the districts layer never disagrees with the 町丁目 layer. Unchanged rows and outlines write nothing.
    /// </summary>
    public static async Task<Counts> WriteChomeAsync(NpgsqlConnection conn, IReadOnlyList<ChomeRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.chome IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_chome (key_code text, name text, population integer, households integer, district text,
                source text, geom geometry(MultiPolygon, 6668)) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        await CopyAsync(conn, "import_chome", ChomeColumns, rows, async (w, r) =>
        {
            await w.WriteAsync(r.KeyCode, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Name, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Population, NpgsqlDbType.Integer, cancellationToken);
            await w.WriteAsync(r.Households, NpgsqlDbType.Integer, cancellationToken);
            await w.WriteAsync(r.District, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
        }, cancellationToken);
        var counts = await UpsertAsync(conn, "gis.chome", "import_chome", ChomeColumns, ChomeValues, "key_code", rows.Count,
            cancellationToken);
        await RebuildDistrictsAsync(conn, cancellationToken);
        return counts;
    }

    /// <summary>gis.districts ← the union of each district's 町丁目 (source <c>chome</c>), written only where it differs.</summary>
    private static async Task RebuildDistrictsAsync(NpgsqlConnection conn, CancellationToken cancellationToken)
    {
        await conn.ExecAsync("LOCK TABLE gis.districts IN SHARE ROW EXCLUSIVE MODE", cancellationToken: cancellationToken);
        await conn.ExecAsync("""
            CREATE TEMP TABLE import_districts ON COMMIT DROP AS
            SELECT n.id, n.name_ja, n.name_en, 'chome'::text AS source,
                   ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3))::geometry(MultiPolygon, 6668) AS geom
            FROM gis.chome c JOIN unnest($1::text[], $2::text[], $3::text[]) AS n (id, name_ja, name_en) ON n.id = c.district
            GROUP BY n.id, n.name_ja, n.name_en
            """, [Ward.Districts.Select(d => d.Id).ToArray(), Ward.Districts.Select(d => d.NameJa).ToArray(),
                Ward.Districts.Select(d => d.NameEn).ToArray()], cancellationToken);
        const string Differs = "(a.name_ja, a.name_en, a.source, ST_AsBinary(a.geom)) IS DISTINCT FROM "
            + "(t.name_ja, t.name_en, t.source, ST_AsBinary(t.geom))";
        await ExecWhenNeededAsync(conn, $"SELECT 1 FROM import_districts t LEFT JOIN gis.districts a ON a.id = t.id WHERE {Differs}", $"""
            INSERT INTO gis.districts AS a (id, name_ja, name_en, source, geom)
            SELECT id, name_ja, name_en, source, geom FROM import_districts t
            ON CONFLICT (id) DO UPDATE SET name_ja = EXCLUDED.name_ja, name_en = EXCLUDED.name_en, source = EXCLUDED.source,
                geom = EXCLUDED.geom
            WHERE (a.name_ja, a.name_en, a.source, ST_AsBinary(a.geom)) IS DISTINCT FROM
                  (EXCLUDED.name_ja, EXCLUDED.name_en, EXCLUDED.source, ST_AsBinary(EXCLUDED.geom))
            """, cancellationToken);
    }
}
