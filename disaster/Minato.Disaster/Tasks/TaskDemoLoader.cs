using Minato.Disaster.Results;
using Minato.Disaster.Demo;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.Tasks;

/// <summary>
/// Loads <c>ops/tasks.json</c> of the demo dataset (DEMO / 架空): instructions from HQ and requests from centres,
/// created through <see cref="TaskStore"/> (so routed and audited like any other). A task whose sender and title are
/// already there unfinished is not created again. Due times are minutes after the load.
/// </summary>
public static class TaskDemoLoader
{
    /// <summary>A one-line summary of what was loaded.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource db, string folder, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        if (await DemoOpsFile.ReadAsync<DemoFile>(folder, "tasks.json", cancellationToken) is not { } file)
        {
            return DemoOpsFile.Missing("tasks", folder, "tasks.json");
        }

        var service = new TaskStore(db, time, NoSituationBus.Instance);
        int created = 0, present = 0;
        var refused = new List<string>();
        foreach (var t in file.Tasks)
        {
            Actor actor;
            TaskUnitInput to;
            if (t.FromShelter is { } fromSource)
            {
                var shelter = await FacilityIdAsync(db, fromSource, cancellationToken);
                var district = shelter is null ? null : await DistrictOfAsync(db, shelter, cancellationToken);
                if (shelter is null || district is null)
                {
                    refused.Add($"{t.Title}: centre {fromSource} not found");
                    continue;
                }

                actor = new Actor("demo-" + fromSource, MinatoClaims.ShelterRole, Shelter: shelter);
                to = new TaskUnitInput(TaskUnit.District, district);
            }
            else
            {
                actor = new Actor("demo-hq", MinatoClaims.Hq);
                var id = t.To?.SourceId is { } toSource ? await FacilityIdAsync(db, toSource, cancellationToken) : t.To?.Id;
                to = new TaskUnitInput(t.To?.Kind, id);
            }

            if (await ExistsAsync(db, actor, t.Title, cancellationToken))
            {
                present++;
                continue;
            }

            var request = new NewTask(t.Type, t.Title, t.Body, t.Priority, time.GetUtcNow().AddMinutes(t.DueInMinutes), to);
            var errors = request.Validate(time.GetUtcNow());
            if (errors.Count > 0)
            {
                refused.Add($"{t.Title}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
                continue;
            }

            var result = await service.CreateAsync(actor, request, cancellationToken);
            if (result.Succeeded)
            {
                created++;
            }
            else
            {
                refused.Add($"{t.Title}: {result.Detail}");
            }
        }

        return $"demo tasks: {created} created, {present} already there"
            + (refused.Count > 0 ? "; refused: " + string.Join(" | ", refused) : "");
    }

    private static async Task<string?> FacilityIdAsync(NpgsqlDataSource db, string sourceId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT id::text FROM gis.facilities WHERE kind = 'shelter' AND source_id = $1");
        cmd.Parameters.AddWithValue(sourceId);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<string?> DistrictOfAsync(NpgsqlDataSource db, string facility, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT d.id FROM gis.facilities f JOIN gis.districts d ON ST_Intersects(d.geom, f.geom) WHERE f.id = $1::bigint ORDER BY " +
                "d.id LIMIT 1");
        cmd.Parameters.AddWithValue(facility);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource db, Actor actor, string title, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT 1 FROM ops.tasks WHERE from_by = $1 AND title = $2 AND status NOT IN ('done', 'cancelled') LIMIT 1");
        cmd.Parameters.AddWithValue(actor.Subject);
        cmd.Parameters.AddWithValue(title);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private sealed record DemoFile(IReadOnlyList<DemoTask> Tasks);

    private sealed record DemoTask(string Type, string Title, string? Body, string? Priority, int DueInMinutes, DemoUnit? To,
        string? FromShelter);

    private sealed record DemoUnit(string Kind, string? Id, string? SourceId);
}
