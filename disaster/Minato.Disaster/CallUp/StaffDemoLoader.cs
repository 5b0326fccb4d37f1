using Minato.Disaster.Demo;
using Minato.Disaster.Security;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>
/// Loads <c>ops/staff.csv</c> of the demo dataset: invented staff (架空, addresses under <c>minato-demo.example</c>,
/// which receives no mail) through <see cref="StaffStore.ImportAsync"/>, so a reload updates them instead of duplicating.
/// </summary>
public static class StaffDemoLoader
{
    public const string File = "staff.csv";

    /// <summary>A one-line summary of what was loaded.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource db, string folder, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        var path = DemoOpsFile.PathOf(folder, File);
        if (!System.IO.File.Exists(path))
        {
            return DemoOpsFile.Missing("staff", folder, File);
        }

        var result = await new StaffStore(db, time).ImportAsync(new Actor("demo-hq", MinatoClaims.Hq),
            await System.IO.File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
        return $"demo staff (架空): {result.Created} created, {result.Updated} updated, {result.Errors.Count} refused";
    }
}
