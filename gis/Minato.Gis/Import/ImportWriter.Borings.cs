using Npgsql;
using NpgsqlTypes;
using Minato.Gis.Database;

namespace Minato.Gis.Import;

internal static partial class ImportWriter
{
    private const string BoringColumns = "source, source_id, name, ground_elevation_m, total_depth_m, drilled_on, geom";

    /// <summary>Borings and their layers. A boring counts as updated when its row or any of its layers changed.</summary>
    public static async Task<Counts> WriteBoringsAsync(NpgsqlConnection conn, IReadOnlyList<BoringRow> rows,
        CancellationToken cancellationToken)
    {
        await conn.ExecAsync("""
            LOCK TABLE gis.borings IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE import_borings (source text, source_id text, name text, ground_elevation_m real, total_depth_m real,
                drilled_on date, geom geometry(Point, 6668)) ON COMMIT DROP;
            CREATE TEMP TABLE import_boring_layers (source text, source_id text, seq integer, top_m real, bottom_m real,
                soil_name text, spt_n smallint) ON COMMIT DROP
            """, cancellationToken: cancellationToken);
        await CopyAsync(conn, "import_borings", BoringColumns, rows, async (w, r) =>
        {
            await w.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(r.SourceId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, r.GroundElevationM, NpgsqlDbType.Real, cancellationToken);
            await w.WriteAsync(r.TotalDepthM, NpgsqlDbType.Real, cancellationToken);
            await WriteNullable(w, r.DrilledOn, NpgsqlDbType.Date, cancellationToken);
            await w.WriteAsync(r.Geom, NpgsqlDbType.Geometry, cancellationToken);
        }, cancellationToken);

        var layers = rows.SelectMany(r => r.Layers.Select(l => (r.Source, r.SourceId, Layer: l))).ToArray();
        await CopyAsync(conn, "import_boring_layers", "source, source_id, seq, top_m, bottom_m, soil_name, spt_n", layers, async (w, x) =>
        {
            await w.WriteAsync(x.Source, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(x.SourceId, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(x.Layer.Seq, NpgsqlDbType.Integer, cancellationToken);
            await w.WriteAsync(x.Layer.TopM, NpgsqlDbType.Real, cancellationToken);
            await w.WriteAsync(x.Layer.BottomM, NpgsqlDbType.Real, cancellationToken);
            await w.WriteAsync(x.Layer.SoilName, NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(w, x.Layer.SptN, NpgsqlDbType.Smallint, cancellationToken);
        }, cancellationToken);

        const string Differs = """
            f.source = t.source AND f.source_id = t.source_id
              AND (f.name, f.ground_elevation_m, f.total_depth_m, f.drilled_on, f.geom)
                  IS DISTINCT FROM (t.name, t.ground_elevation_m, t.total_depth_m, t.drilled_on, t.geom)
            """;
        const string Missing = "NOT EXISTS (SELECT 1 FROM gis.borings f WHERE f.source = t.source AND f.source_id = t.source_id)";
        var updated = await IdsWhenNeededAsync(conn, $"SELECT 1 FROM gis.borings f, import_borings t WHERE {Differs}", $"""
            UPDATE gis.borings f SET name = t.name, ground_elevation_m = t.ground_elevation_m, total_depth_m = t.total_depth_m,
                drilled_on = t.drilled_on, geom = t.geom, updated_at = now()
            FROM import_borings t
            WHERE {Differs}
            RETURNING f.id
            """, cancellationToken);
        var inserted = await IdsWhenNeededAsync(conn, $"SELECT 1 FROM import_borings t WHERE {Missing}", $"""
            INSERT INTO gis.borings ({BoringColumns}) SELECT {BoringColumns} FROM import_borings t
            WHERE {Missing}
            RETURNING id
            """, cancellationToken);

        // Replace the layers of every boring whose stored layer set differs from the file's (either direction).
        var layersChanged = await IdsAsync(conn, """
            CREATE TEMP TABLE import_layer_rows ON COMMIT DROP AS
                SELECT b.id AS boring_id, l.seq, l.top_m, l.bottom_m, l.soil_name, l.spt_n
                FROM import_boring_layers l JOIN gis.borings b ON b.source = l.source AND b.source_id = l.source_id;
            SELECT b.id FROM gis.borings b JOIN import_borings t ON b.source = t.source AND b.source_id = t.source_id
            WHERE EXISTS (SELECT seq, top_m, bottom_m, soil_name, spt_n FROM gis.boring_layers WHERE boring_id = b.id
                          EXCEPT SELECT seq, top_m, bottom_m, soil_name, spt_n FROM import_layer_rows WHERE boring_id = b.id)
               OR EXISTS (SELECT seq, top_m, bottom_m, soil_name, spt_n FROM import_layer_rows WHERE boring_id = b.id
                          EXCEPT SELECT seq, top_m, bottom_m, soil_name, spt_n FROM gis.boring_layers WHERE boring_id = b.id)
            """, cancellationToken);
        if (layersChanged.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                DELETE FROM gis.boring_layers WHERE boring_id = ANY(@ids);
                INSERT INTO gis.boring_layers (boring_id, seq, top_m, bottom_m, soil_name, spt_n)
                    SELECT boring_id, seq, top_m, bottom_m, soil_name, spt_n FROM import_layer_rows WHERE boring_id = ANY(@ids);
                UPDATE gis.borings SET updated_at = now() WHERE id = ANY(@ids);
                """, conn);
            cmd.Parameters.Add(new NpgsqlParameter("ids", layersChanged.ToArray()));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        var updatedIds = new HashSet<long>(updated);
        updatedIds.UnionWith(layersChanged);
        updatedIds.ExceptWith(inserted);
        return new Counts(inserted.Count, updatedIds.Count, rows.Count - inserted.Count - updatedIds.Count);
    }

    /// <summary>Boundary or districts (a handful of rows): parameterised upsert on the primary key.</summary>
    public static async Task<Counts> WriteAreasAsync(NpgsqlConnection conn, string table, IReadOnlyList<AreaRow> rows,
        CancellationToken cancellationToken)
    {
        var target = table switch
        {
            "boundary" => "gis.boundary",
            "districts" => "gis.districts",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "boundary or districts"),
        };
        int inserted = 0, updated = 0;
        foreach (var r in rows)
        {
            // target is one of two constants above
            await using (var same = Sql.Command(conn, $"""
                SELECT EXISTS (SELECT 1 FROM {target} a WHERE a.id = $1
                    AND (a.name_ja, a.name_en, a.source, a.geom) IS NOT DISTINCT FROM ($2::text, $3::text, $4::text, $5::geometry))
                """))
            {
                same.Parameters.Add(new NpgsqlParameter { Value = r.Id });
                same.Parameters.Add(new NpgsqlParameter { Value = r.NameJa });
                same.Parameters.Add(new NpgsqlParameter { Value = r.NameEn });
                same.Parameters.Add(new NpgsqlParameter { Value = r.Source });
                same.Parameters.Add(new NpgsqlParameter { Value = r.Geom, NpgsqlDbType = NpgsqlDbType.Geometry });
                if (await same.ExecuteScalarAsync(cancellationToken) is true)
                {
                    continue; // unchanged: no statement, so the layer version stays
                }
            }

            await using var cmd = Sql.Command(conn, $"""
                INSERT INTO {target} AS a (id, name_ja, name_en, source, geom) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO UPDATE SET name_ja = EXCLUDED.name_ja, name_en = EXCLUDED.name_en, source = EXCLUDED.source, geom =
                    EXCLUDED.geom
                WHERE (a.name_ja, a.name_en, a.source, a.geom) IS DISTINCT FROM (EXCLUDED.name_ja, EXCLUDED.name_en, EXCLUDED.source,
                    EXCLUDED.geom)
                RETURNING (xmax = 0)
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.NameJa });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.NameEn });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Source });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Geom, NpgsqlDbType = NpgsqlDbType.Geometry });
            var result = await cmd.ExecuteScalarAsync(cancellationToken);
            if (result is bool isNew)
            {
                if (isNew)
                {
                    inserted++;
                }
                else
                {
                    updated++;
                }
            }
        }

        return new Counts(inserted, updated, rows.Count - inserted - updated);
    }

    private static async Task<List<long>> IdsWhenNeededAsync(NpgsqlConnection conn, string probe, string sql,
        CancellationToken cancellationToken)
    {
        // constants of this class only
        return await conn.ScalarAsync($"SELECT EXISTS ({probe})", cancellationToken: cancellationToken) is true
            ? await IdsAsync(conn, sql, cancellationToken)
            : [];
    }

    private static async Task<List<long>> IdsAsync(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Sql.Command(conn, sql);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return ids;
    }
}
