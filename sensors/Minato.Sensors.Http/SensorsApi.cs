using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Minato.Gis;
using Minato.Audit;
using Minato.Gis.Database;
using Minato.Sensors.Stations;
using Npgsql;

namespace Minato.Sensors.Http;

/// <summary>
/// Telemetry endpoints: <c>/api/stations</c> (GeoJSON with latest value, derived values and alert state),
/// <c>/api/stations/{id}/observations</c> (raw or aggregated), <c>/api/alerts/active</c>, and station editing for HQ.
/// </summary>
public static class SensorsApi
{
    private static readonly Dictionary<string, (string Sql, TimeSpan MaxRange)> Intervals = new(StringComparer.Ordinal)
    {
        ["raw"] = ("", TimeSpan.FromDays(31)),
        ["10m"] = ("10 minutes", TimeSpan.FromDays(92)),
        ["1h"] = ("1 hour", TimeSpan.FromDays(366)),
        ["1d"] = ("1 day", TimeSpan.FromDays(3660)),
    };

    /// <param name="editPolicy">Authorization policy for PUT/DELETE of stations (the host's <c>hq</c> policy).</param>
    public static IEndpointRouteBuilder MapSensorsApi(this IEndpointRouteBuilder app, string editPolicy)
    {
        var api = app.MapGroup("/api").WithTags("Telemetry");
        // The reads are the public API: anonymous, CORS and rate-limited per address like /ogc and /tiles.
        var reads = api.MapGroup("")
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        reads.MapGet("/stations", GetStationsAsync).WithSummary("Stations as GeoJSON with latest value, derived values and alert state");
        reads.MapGet("/stations/{id}", GetStationAsync).WithSummary("One station as a GeoJSON Feature");
        reads.MapGet("/stations/{id}/observations", GetObservationsAsync)
            .WithSummary("Readings of a station: raw or aggregated (interval=raw|10m|1h|1d; from/to ISO 8601, default the last 24 h)");
        reads.MapGet("/alerts/active", GetActiveAlertsAsync).WithSummary("Alert states above normal, worst first");
        api.MapPut("/stations/{id}", PutStationAsync).RequireAuthorization(editPolicy)
            .WithSummary("Create or replace a station (GeoJSON Feature; role hq)");
        api.MapDelete("/stations/{id}", DeleteStationAsync).RequireAuthorization(editPolicy)
            .WithSummary("Retire a station (its readings are kept; role hq)");
        return app;
    }

    internal const string StationsSql =
        """
        SELECT json_build_object('type', 'Feature', 'id', s.id, 'geometry', ST_AsGeoJSON(s.geom, 7, 0)::json, 'properties',
            json_build_object(
            'kind', s.kind, 'name_ja', s.name_ja, 'name_en', s.name_en, 'district', s.district, 'river', s.river, 'reach', s.reach,
            'interval_s', s.interval_s,
            'unit', CASE s.kind WHEN 'rain' THEN 'mm' WHEN 'river' THEN 'm' ELSE 'uSv/h' END,
            'thresholds', json_strip_nulls(json_build_object('rain_1h_mm', s.rain_1h_mm, 'rain_24h_mm', s.rain_24h_mm,
                'river_stages_m', s.river_stages_m, 'dose_caution_usvh', s.dose_caution_usvh)),
            'latest', CASE WHEN l.station_id IS NULL THEN NULL
                ELSE json_build_object('observed_at', l.observed_at, 'value', l.value, 'received_at', l.received_at) END,
            'derived', coalesce(l.derived, '{}'::jsonb),
            'stage', coalesce((SELECT max(x.stage) FROM sensors.alert_states x WHERE x.station_id = s.id AND x.measure <> 'offline'), 0),
            'warning_level', (SELECT max(x.warning_level) FROM sensors.alert_states x WHERE x.station_id = s.id AND x.measure <> 'offline'),
            'offline', coalesce((SELECT x.stage = 1 FROM sensors.alert_states x WHERE x.station_id = s.id AND x.measure = 'offline'),
                false),
            'alerts', (SELECT coalesce(json_agg(json_build_object('measure', x.measure, 'stage', x.stage, 'stage_name', x.stage_name,
                    'warning_level', x.warning_level, 'value', x.value, 'since', x.since) ORDER BY x.measure), '[]'::json)
                FROM sensors.alert_states x WHERE x.station_id = s.id AND x.stage > 0)))
        FROM sensors.stations s LEFT JOIN sensors.latest l ON l.station_id = s.id
        WHERE s.active AND ($1::text IS NULL OR s.id = $1)
        ORDER BY s.id
        """;

    private static async Task<ContentHttpResult> GetStationsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var features = await QueryStationsAsync(db, null, cancellationToken);
        return TypedResults.Text($"{{\"type\":\"FeatureCollection\",\"features\":[{string.Join(',', features)}]}}", "application/geo+json");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetStationAsync(string id, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        var features = await QueryStationsAsync(db, id, cancellationToken);
        return features.Count == 0 ? NotFound(id) : TypedResults.Text(features[0], "application/geo+json");
    }

    private static async Task<List<string>> QueryStationsAsync(NpgsqlDataSource db, string? id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(StationsSql);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)id ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> GetObservationsAsync(
        string id, string? from, string? to, string? interval, NpgsqlDataSource db, StationDirectory stations, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var toAt = Parse(to, "to", errors) ?? now;
        // The day before the first representable day does not exist: start there instead (to=0001-01-01 was a 500).
        var fromAt = Parse(from, "from", errors)
            ?? (toAt - DateTimeOffset.MinValue > TimeSpan.FromHours(24) ? toAt.AddHours(-24) : DateTimeOffset.MinValue);
        var key = interval ?? "raw";
        if (!Intervals.TryGetValue(key, out var bin))
        {
            errors["interval"] = [$"interval must be one of {string.Join(", ", Intervals.Keys)}"];
        }
        else if (fromAt >= toAt)
        {
            errors["from"] = ["from must be before to"];
        }
        else if (toAt - fromAt > bin.MaxRange)
        {
            errors["from"] = [$"at most {bin.MaxRange.TotalDays} days for interval={key}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var station = stations.Find(id);
        if (station is null)
        {
            return NotFound(id);
        }

        // Rain is a 10-minute increment, so its aggregate is a sum; levels and dose rates are averaged (with min/max).
        var agg = station.Kind == StationKind.Rain ? "round(sum(value)::numeric, 3)" : "round(avg(value)::numeric, 4)";
        var sql = key == "raw"
            ? """
              SELECT coalesce(json_agg(json_build_object('t', observed_at, 'v', value) ORDER BY observed_at), '[]'::json)
              FROM sensors.observations WHERE station_id = $1 AND observed_at >= $2 AND observed_at < $3
              """
            : $"""
              SELECT coalesce(json_agg(json_build_object('t', t, 'v', v, 'min', mn, 'max', mx, 'n', n) ORDER BY t), '[]'::json) FROM (
                  SELECT date_bin($4::interval, observed_at, '2000-01-01T00:00:00Z') AS t, {agg} AS v,
                         min(value) AS mn, max(value) AS mx, count(*) AS n
                  FROM sensors.observations WHERE station_id = $1 AND observed_at >= $2 AND observed_at < $3
                  GROUP BY 1) q
              """;
        // the only interpolated part is one of two fixed aggregate expressions chosen above
        await using var cmd = Sql.Command(db, sql);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(fromAt.UtcDateTime);
        cmd.Parameters.AddWithValue(toAt.UtcDateTime);
        if (key != "raw")
        {
            cmd.Parameters.AddWithValue(bin.Sql);
        }

        var observations = (string)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        var head = JsonSerializer.Serialize(new
        {
            station = id,
            kind = station.Kind.ToWire(),
            unit = station.Kind.Unit(),
            interval = key,
            aggregate = key == "raw" ? null : station.Kind == StationKind.Rain ? "sum" : "mean",
            from = fromAt.ToUniversalTime(),
            to = toAt.ToUniversalTime(),
        });
        return TypedResults.Text($"{head[..^1]},\"observations\":{observations}}}", "application/json");
    }

    private static async Task<ContentHttpResult> GetActiveAlertsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT coalesce(json_agg(json_build_object('station_id', a.station_id, 'kind', s.kind, 'name_ja', s.name_ja, 'name_en',
                s.name_en,
                'district', s.district, 'measure', a.measure, 'stage', a.stage, 'stage_name', a.stage_name,
                'warning_level', a.warning_level, 'value', a.value, 'since', a.since,
                'lon', ST_X(s.geom), 'lat', ST_Y(s.geom))
                ORDER BY coalesce(a.warning_level, 0) DESC, a.stage DESC, a.since), '[]'::json)
            FROM sensors.alert_states a JOIN sensors.stations s ON s.id = a.station_id
            WHERE a.stage > 0 AND s.active
            """);
        var json = (string)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        return TypedResults.Text($"{{\"alerts\":{json}}}", "application/json");
    }

    private static async Task<Results<NoContent, ValidationProblem>> PutStationAsync(
        string id, JsonElement feature, HttpContext context, StationStore repository, StationDirectory directory,
            CancellationToken cancellationToken)
    {
        var (station, password, error) = StationImporter.ParseFeature(feature);
        if (error is null && station!.Id != id)
        {
            error = $"the feature's id {station.Id} differs from the URL's {id}";
        }

        if (error is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["feature"] = [error] });
        }

        await repository.UpsertAsync([(station!, password)], Audit(context, "station.upsert", id), cancellationToken);
        await directory.ReloadAsync(repository, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStationAsync(
        string id, HttpContext context, StationStore repository, StationDirectory directory, CancellationToken cancellationToken)
    {
        if (!await repository.DeactivateAsync(id, Audit(context, "station.deactivate", id), cancellationToken))
        {
            return NotFound(id);
        }

        await directory.ReloadAsync(repository, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The audit record of the authenticated caller. Sensors sit below the operations module, so the subject and role
    /// are read through the claim types the host's authentication configured (name = <c>sub</c>, role = <c>role</c>).
    /// </summary>
    private static AuditRecord Audit(HttpContext context, string action, string id)
    {
        var identity = context.User.Identity as System.Security.Claims.ClaimsIdentity;
        var role = identity?.FindFirst(identity.RoleClaimType)?.Value ?? "unknown";
        return new AuditRecord(identity?.Name ?? "unknown", role, action, "station", id);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Station not found", detail: $"no active station '{id}'");

    private static DateTimeOffset? Parse(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var at))
        {
            return at;
        }

        errors[name] = [$"'{value}' is not an ISO 8601 date-time (e.g. 2023-09-08T00:00:00+09:00)"];
        return null;
    }
}
