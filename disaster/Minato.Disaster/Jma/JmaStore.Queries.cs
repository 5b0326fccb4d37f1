using System.Text.Json;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.Jma;

public sealed partial class JmaStore
{
    /// <summary>How many earlier messages of a product are read back to find when a kind was first issued.</summary>
    private const int ChainDepth = 50;

    /// <summary>Shown messages: 通常, and 訓練 when drills are shown; 試験 never.</summary>
    private const string Visible = "status = 'stored' AND concerns_minato AND (control_status = '通常' OR ($2 AND control_status = '訓練'))";

    /// <summary>
    /// The JMA products in force for Minato at <paramref name="at"/>: for each product (and drill chain) the latest message
    /// reported by then, unless its validity ended; its items that are not cancelled, each with the time JMA first issued
    /// it in the unbroken run of messages carrying it.
    /// </summary>
    public async Task<IReadOnlyList<JmaWarning>> InForceAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var rows = await db.QueryAsync(
            $"""
            SELECT id, product, control_status, report_time, valid_until, head_title, headline, minato::text
            FROM (SELECT m.*, row_number() OVER (PARTITION BY product, control_status ORDER BY report_time DESC, id DESC) AS n
                  FROM jma.messages m WHERE {Visible} AND report_time <= $1 AND product <> '{JmaProducts.Quake}') x
            WHERE n <= {ChainDepth} ORDER BY product, control_status, n
            """, [at.ToUniversalTime(), options.ShowDrills], r => new Row(r.GetInt64(0), r.GetString(1), r.GetString(2),
                r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), r.GetString(5),
                r.GetString(6), JsonSerializer.Deserialize<JmaReading>(r.GetString(7), Json)!), cancellationToken);
        var result = new List<JmaWarning>();
        foreach (var chain in rows.GroupBy(r => (r.Product, r.ControlStatus)))
        {
            var messages = chain.ToList();
            var latest = messages[0];
            if (latest.ValidUntil is { } until && until <= at)
            {
                continue;
            }

            foreach (var item in latest.Reading.Items.Where(i => i.InForce))
            {
                var issued = latest.ReportTime;
                // Issued in the latest message: it starts there. Continued: go back while earlier messages carry it.
                foreach (var older in item.Status == JmaItem.Issued ? [] : messages.Skip(1))
                {
                    var same = older.Reading.Items.FirstOrDefault(i =>
                        i.InForce && i.KindCode == item.KindCode && i.AreaCode == item.AreaCode);
                    if (same is null)
                    {
                        break;
                    }

                    issued = older.ReportTime;
                    if (same.Status == JmaItem.Issued)
                    {
                        break;
                    }
                }

                result.Add(new JmaWarning(latest.Product, latest.HeadTitle, item.KindCode, item.KindName, item.Level, item.AreaCode,
                    item.AreaName, item.River, item.Status, issued, latest.ReportTime, latest.ValidUntil, latest.Id,
                    latest.ControlStatus == JmaMessage.Drill, latest.Headline));
            }
        }

        return result;
    }

    /// <summary>The latest earthquake felt in Minato's intensity area (東京都２３区) or in Minato, or null.</summary>
    public async Task<JmaEarthquake?> LatestEarthquakeAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.QueryAsync(
            $"""
            SELECT id, title, report_time, control_status, minato::text FROM jma.messages
            WHERE {Visible} AND product = $1 ORDER BY report_time DESC, id DESC LIMIT 1
            """, [JmaProducts.Quake, options.ShowDrills], r =>
            {
                var q = JsonSerializer.Deserialize<JmaReading>(r.GetString(4), Json)!.Earthquake!;
                return new JmaEarthquake(r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), q.OriginTime, q.Hypocenter,
                    q.Magnitude, q.MaxIntensity, q.AreaIntensity, q.MinatoIntensity, options.IntensityArea,
                    r.GetString(3) == JmaMessage.Drill);
            }, cancellationToken);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>東京湾内湾 at <paramref name="at"/>, by the latest tsunami message reported by then.</summary>
    public async Task<JmaTsunamiState> TsunamiAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var rows = await db.QueryAsync(
            $"""
            SELECT id, report_time, control_status, minato::text FROM jma.messages
            WHERE {Visible} AND product = $3 AND report_time <= $1 ORDER BY report_time DESC, id DESC LIMIT 1
            """, [at.ToUniversalTime(), options.ShowDrills, JmaProducts.Tsunami], r =>
            {
                var t = JsonSerializer.Deserialize<JmaReading>(r.GetString(3), Json)!.Tsunami;
                return new JmaTsunamiState(options.TsunamiArea, t?.Warning ?? false, t?.KindCode, t?.KindName, t?.FirstArrival,
                    t?.MaxHeight, r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2) == JmaMessage.Drill);
            }, cancellationToken);
        return rows.Count > 0 ? rows[0] : new JmaTsunamiState(options.TsunamiArea, false, null, null, null, null, null, null, false);
    }

    /// <summary>The latest shown messages for Minato, newest first (the banners' timeline).</summary>
    public Task<IReadOnlyList<JmaTimelineEntry>> RecentAsync(int limit, CancellationToken cancellationToken = default) =>
        db.QueryAsync(
            $"""
            SELECT id, product, head_title, info_type, report_time, headline, control_status FROM jma.messages
            WHERE {Visible} ORDER BY report_time DESC, id DESC LIMIT $1
            """, [Math.Clamp(limit, 1, 200), options.ShowDrills], r => new JmaTimelineEntry(r.GetInt64(0), r.GetString(1), r.GetString(2),
                r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.GetString(5), r.GetString(6) == JmaMessage.Drill), cancellationToken);

    private sealed record Row(
        long Id, string Product, string ControlStatus, DateTimeOffset ReportTime, DateTimeOffset? ValidUntil, string HeadTitle,
        string Headline, JmaReading Reading);
}
