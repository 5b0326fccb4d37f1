namespace Minato.Gis.Import;

/// <summary>
/// The project's own demo dataset (data/demo: 架空 — made up for demonstrations, not official data), loaded through the
/// importers in dependency order. Loading twice changes nothing (every row is keyed by source 'demo' and an id).
/// </summary>
public static class DemoDataset
{
    /// <summary>The <c>source</c> of every demo row.</summary>
    public const string Source = "demo";

    /// <summary>Layer and file name, in load order.</summary>
    public static IReadOnlyList<(string Layer, string File)> Files { get; } =
    [
        ("boundary", "boundary.geojson"),
        // The real 町丁目 (data/minato, e-Stat) in place of the made-up districts: importing them builds the districts
        // layer as their unions. Kept under their own source, not 'demo'.
        ("chome", Path.Combine("..", "minato", "chome", "estat_r2ka13103_minato_chome.geojson")),
        ("roads", "roads.geojson"),
        ("evacuation-sites", "evacuation-sites.geojson"),
        ("shelters", "shelters.geojson"),
        ("aeds", "aeds.geojson"),
        ("loudspeakers", "loudspeakers.geojson"),
        ("hazard-areas", "hazard-areas.geojson"),
        ("borings", "borings.csv"),
    ];

    /// <summary>The demo folder: beside the binaries (copied by the server's build), else data/demo above them.</summary>
    public static string? FindFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "demo");
        if (File.Exists(Path.Combine(beside, Files[0].File)))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "demo");
            if (File.Exists(Path.Combine(candidate, Files[0].File)))
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
            var options = new ImportOptions { Source = layer == "chome" ? null : Source, ValidFrom = new DateOnly(2025, 4, 1) };
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
