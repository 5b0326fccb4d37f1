using Minato.Disaster.Demo;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.Shelters;

/// <summary>
/// Loads <c>ops/shelters.json</c> of the demo dataset (DEMO / 架空): opens the listed centres and reports their counts,
/// through <see cref="ShelterStore"/> (so audited, as <c>demo-loader</c> with role hq). Idempotent: an open centre
/// is not reopened and unchanged counts are not reported again.
/// </summary>
public static class ShelterDemoLoader
{
    /// <summary>A one-line summary of what was loaded.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource db, string folder, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        var path = DemoOpsFile.PathOf(folder, "shelters.json");
        if (await DemoOpsFile.ReadAsync<DemoFile>(folder, "shelters.json", cancellationToken) is not { } file)
        {
            return DemoOpsFile.Missing("shelters", folder, "shelters.json");
        }

        var service = new ShelterStore(db, time, NoSituationBus.Instance);
        var actor = new Actor("demo-loader", MinatoClaims.Hq);
        int opened = 0, updated = 0, unchanged = 0, missing = 0;
        foreach (var c in file.Centres)
        {
            await using var cmd = db.CreateCommand("SELECT id FROM gis.facilities WHERE kind = 'shelter' AND source_id = $1");
            cmd.Parameters.AddWithValue(c.SourceId);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is not long facility)
            {
                missing++;
                continue;
            }

            var id = facility.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var before = await service.GetAsync(id, cancellationToken);
            var changed = false;
            if (before is { Open: false })
            {
                await service.OpenAsync(actor, id, cancellationToken);
                opened++;
                changed = true;
            }

            var update = new ShelterStatusUpdate(null, c.Headcount, c.Households, c.Needs, c.Supplies);
            var errors = update.Validate();
            if (errors.Count > 0)
            {
                throw new InvalidDataException($"{path}: {c.SourceId}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
            }

            var current = await service.GetAsync(id, cancellationToken);
            if (current is null || current.Headcount != c.Headcount || current.Households != c.Households
                || current.Needs != update.NeedsOrNone() || !current.Supplies.SequenceEqual(update.SuppliesOrNone()))
            {
                await service.UpdateStatusAsync(actor, id, update, cancellationToken);
                updated++;
                changed = true;
            }

            unchanged += changed ? 0 : 1;
        }

        return $"demo evacuation centres: {opened} opened, {updated} reported, {unchanged} already so"
               + (missing > 0 ? $", {missing} not found (load the shelters layer first)" : "");
    }

    private sealed record DemoFile(IReadOnlyList<DemoCentre> Centres);

    private sealed record DemoCentre(string SourceId, int Headcount, int Households, ShelterNeedsInput? Needs,
        IReadOnlyList<SupplyNeedInput>? Supplies);
}
