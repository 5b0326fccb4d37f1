using Minato.Disaster.Recovery.Certificates;
using Minato.Disaster.Recovery.Ledger;
using Minato.Disaster.Recovery.Surveys;
using Minato.Disaster.Demo;
using Minato.Disaster.Security;
using Npgsql;

namespace Minato.Disaster.Recovery;

/// <summary>
/// Loads <c>ops/damage_survey.json</c> of the demo dataset (DEMO / 架空): surveys by demo field staff, and for entries
/// with a household, the ledger entry, its certificate and support — through the stores, so validated and audited like
/// any other. An entry whose building address its surveyor already surveyed is skipped (loading twice changes nothing).
/// </summary>
public static class RecoveryDemoLoader
{
    /// <summary>A one-line summary of what was loaded.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource db, string folder, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await DemoOpsFile.ReadAsync<DemoFile>(folder, "damage_survey.json", cancellationToken) is not { } file)
        {
            return DemoOpsFile.Missing("damage surveys", folder, "damage_survey.json");
        }
        var surveys = new SurveyStore(db, time);
        var ledger = new LedgerStore(db, time);
        var certificates = new CertificateStore(db, time);
        var hq = new Actor("demo-hq", MinatoClaims.Hq);
        int loaded = 0, present = 0, issued = 0;
        var refused = new List<string>();
        foreach (var entry in file.Entries)
        {
            var field = new Actor(entry.Surveyor, MinatoClaims.Field);
            if (await SurveyedAsync(db, entry.Surveyor, entry.Building.Address, cancellationToken))
            {
                present++;
                continue;
            }

            long? buildingId = null;
            foreach (var round in entry.Rounds)
            {
                var request = new SurveyRequest(buildingId, buildingId is null ? entry.Building : null, round.Round, round.DamageRatio,
                    null, null, round.Note);
                var errors = SurveyValidator.Validate(request, time.GetUtcNow(), out var valid);
                var outcome = errors.Count == 0 ? await surveys.CreateAsync(field, valid!, null, null, cancellationToken) : null;
                if (outcome?.Value is not { } survey)
                {
                    refused.Add($"{entry.Building.Address}: {outcome?.Detail ?? string.Join("; ", errors.SelectMany(e => e.Value))}");
                    buildingId = null;
                    break;
                }

                buildingId = survey.Building.Id;
            }

            if (buildingId is null)
            {
                continue;
            }

            loaded++;
            if (entry.Household is not { } input)
            {
                continue;
            }

            var household = (await ledger.CreateAsync(hq, input, cancellationToken)).Value!;
            var certificate = await certificates.IssueAsync(hq, new IssueCertificateRequest(buildingId, household.Id, null,
                file.DisasterName, null), cancellationToken);
            issued += certificate.Value is null ? 0 : 1;
            foreach (var support in entry.Support ?? [])
            {
                await ledger.AddSupportAsync(hq, household.Id, support, cancellationToken);
            }
        }

        return $"demo damage surveys: {loaded} buildings surveyed, {issued} certificates issued, {present} already there"
            + (refused.Count > 0 ? "; refused: " + string.Join(" | ", refused) : "");
    }

    private static async Task<bool> SurveyedAsync(NpgsqlDataSource db, string surveyor, string? address,
        CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM ops.buildings b JOIN ops.damage_surveys s ON s.building_id = b.id WHERE s.surveyed_by = $1 AND " +
                "b.address = $2)");
        cmd.Parameters.AddWithValue(surveyor);
        cmd.Parameters.AddWithValue(address ?? string.Empty);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record DemoFile(string? Note, string DisasterName, IReadOnlyList<DemoEntry> Entries);

    private sealed record DemoEntry(string Surveyor, BuildingInput Building, IReadOnlyList<DemoRound> Rounds, HouseholdInput? Household,
        IReadOnlyList<SupportInput>? Support);

    private sealed record DemoRound(int Round, decimal DamageRatio, string? Note);
}
