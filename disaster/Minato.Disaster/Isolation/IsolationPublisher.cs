using System.Text.Json;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Minato.Gis.Routing;
using Npgsql;

namespace Minato.Disaster.Isolation;

/// <summary>
/// Computes the isolated 町丁目 of every hazard in <see cref="HazardWeights.All"/> on one graph snapshot
/// (<see cref="RoutePlanner.IsolatedAsync(IReadOnlyList{string}, CancellationToken)"/>) and publishes them as live
/// <c>isolation</c> entities, one per hazard and district (<see cref="IsolationView"/>), routed to HQ and that district's
/// HQ — never public: "cut off" is HQ's working judgement, not an announcement. Each node computes from the database, so
/// the same inputs give the same entities on every node; the version orders them. Thread-safe.
/// </summary>
public sealed class IsolationPublisher(RoutePlanner planner, NpgsqlDataSource dataSource, ISituationBus bus) : ISituationSource
{
    /// <summary>The change keys of <c>gis.layer_versions</c> whose changes can change isolation.</summary>
    public static IReadOnlyList<string> InputKeys { get; } = ["roads", "hazard_areas", "facilities", "chome", "shelter_status"];

    private const string InputSql = """
        SELECT (SELECT coalesce(sum(version), 0)::bigint FROM gis.layer_versions WHERE layer = ANY($1)),
               ARRAY(SELECT DISTINCT district FROM gis.chome ORDER BY 1)
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string Name => "isolation";

    /// <summary>The entity id of a hazard and district.</summary>
    public static string EntityId(string hazard, string district) => hazard + ":" + district;

    /// <summary>The entities now: one per hazard and district of the loaded 町丁目 (none when the layer is empty).</summary>
    public async Task<IReadOnlyList<IsolationView>> ComputeAsync(CancellationToken cancellationToken = default)
    {
        var (version, districts) = await ReadInputsAsync(cancellationToken);
        var views = new List<IsolationView>(HazardWeights.All.Count * districts.Length);
        if (districts.Length == 0)
        {
            return views;
        }

        var byHazard = await planner.IsolatedAsync(HazardWeights.All.Select(h => h.Hazard).ToList(), cancellationToken);
        foreach (var hazard in HazardWeights.All)
        {
            var isolated = byHazard?[hazard.Hazard] ?? [];
            foreach (var district in districts)
            {
                var chome = isolated.Where(c => c.District == district)
                    .Select(c => new IsolationChome(c.KeyCode, c.Name, c.Population, c.Households, c.Reason)).ToList();
                views.Add(new IsolationView(hazard.Hazard, district, version, chome.Sum(c => c.Residents),
                    chome.Sum(c => c.Households), chome));
            }
        }

        return views;
    }

    /// <summary>Recomputes every hazard and publishes the entities; returns what was published.</summary>
    public async Task<IReadOnlyList<IsolationView>> PublishAsync(CancellationToken cancellationToken = default)
    {
        var views = await ComputeAsync(cancellationToken);
        bus.Publish(views.Select(Change).ToList());
        return views;
    }

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        (await ComputeAsync(cancellationToken)).Select(Change).ToList();

    /// <summary>The change of one entity: staff scopes of HQ and the district, no public projection.</summary>
    public static SituationChange Change(IsolationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(SituationKinds.Isolation, EntityId(view.Hazard, view.District), JsonSerializer.Serialize(view, Json), null,
            new ChangeRouting(District: view.District), Version: view.Version);
    }

    private async Task<(long Version, string[] Districts)> ReadInputsAsync(CancellationToken cancellationToken)
    {
        await using var cmd = Sql.Command(dataSource, InputSql, [InputKeys.ToArray()]);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetInt64(0), r.GetFieldValue<string[]>(1));
    }
}
