namespace Minato.Gis.Import;

/// <summary>
/// What <c>./minato demo</c> loads, through the importers in dependency order: Minato's real open data first
/// (data/minato, beside data/demo: files named <c>../minato/…</c>, keyed by their own sources), then the project's own
/// demo data for the layers with no open data here (data/demo: 架空 — made up, source 'demo'). Loading twice changes nothing.
/// </summary>
public static class DemoDataset
{
    /// <summary>The <c>source</c> of every demo row.</summary>
    public const string Source = "demo";

    /// <summary>The real data's folder, relative to the demo folder (data/minato beside data/demo; minato/ beside demo/).</summary>
    public const string RealFolder = "../minato/";

    /// <summary>Layer and file (relative to the demo folder), in load order; real data first.</summary>
    public static IReadOnlyList<(string Layer, string File)> Files { get; } =
    [
        ("boundary", RealFolder + "boundary/geolonia_admin_13103.geojson"),
        ("evacuation-sites", RealFolder + "shelters/gsi_emergency_131032.geojson"),
        ("shelters", RealFolder + "shelters/gsi_evacuation_131032.geojson"),
        ("accessibility", RealFolder + "accessibility/tokyo_bousai_map_hinanbasho_minato.geojson"),
        ("water-points", RealFolder + "water-points/tokyo_kyusui_kyoten_minato.geojson"),
        // The real 町丁目 (e-Stat) in place of made-up districts: importing them builds the districts layer as their unions.
        ("chome", RealFolder + "chome/estat_r2ka13103_minato_chome.geojson"),
        ("stay-facilities", RealFolder + "facilities/tokyo_ichiji_taizai_minato.geojson"),
        ("roads", "roads.geojson"),
        ("aeds", "aeds.geojson"),
        ("loudspeakers", "loudspeakers.geojson"),
        ("hazard-areas", "hazard-areas.geojson"),
        ("borings", "borings.csv"),
    ];

    /// <summary>The demo folder (the real data's beside it): beside the binaries (copied by the server's build), else data/demo
    /// above them.</summary>
    public static string? FindFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "demo");
        if (File.Exists(Path.Combine(beside, Files[0].File)) && File.Exists(Path.Combine(beside, Files[^1].File)))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "demo");
            if (File.Exists(Path.Combine(candidate, Files[0].File)) && File.Exists(Path.Combine(candidate, Files[^1].File)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Imports every demo file; stops at the first fatal result. Results in load order.</summary>
    public static async Task<IReadOnlyList<ImportResult>> LoadAsync(LayerImporter importer, string folder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var results = new List<ImportResult>();
        foreach (var (layer, file) in Files)
        {
            var real = file.StartsWith(RealFolder, StringComparison.Ordinal);
            var options = new ImportOptions { Source = real ? null : Source, ValidFrom = new DateOnly(2025, 4, 1) };
            var result = await importer.ImportAsync(layer, Path.Combine(folder, file), options, cancellationToken);
            results.Add(result);
            if (!result.Succeeded)
            {
                break;
            }
        }

        return results;
    }
}
