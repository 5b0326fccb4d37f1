namespace Minato.Gis.Import;

/// <summary>Checks a boring's layers: depths ≥ 0, bottom below top, no overlaps, within the total depth, SPT N 0–300.</summary>
internal static class BoringLayers
{
    /// <summary>Orders layers by top depth and numbers them 1…n; <c>null</c> problem when they are consistent.</summary>
    public static (List<BoringLayerRow> Layers, string? Problem) Normalise(
        IEnumerable<(double Top, double Bottom, string Soil, double? Spt)> layers, double totalDepth)
    {
        var ordered = layers.OrderBy(l => l.Top).ToList();
        var result = new List<BoringLayerRow>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (top, bottom, soil, spt) = ordered[i];
            var at = $"layer {top:0.##}–{bottom:0.##} m";
            if (top < 0)
            {
                return (result, $"{at}: top must be ≥ 0");
            }

            if (bottom <= top)
            {
                return (result, $"{at}: bottom must be deeper than top");
            }

            if (i > 0 && top < ordered[i - 1].Bottom - 0.001)
            {
                return (result, $"{at}: overlaps the layer above (which ends at {ordered[i - 1].Bottom:0.##} m)");
            }

            if (bottom > totalDepth + 0.01)
            {
                return (result, $"{at}: reaches below the total depth of {totalDepth:0.##} m");
            }

            if (spt is < 0 or > 300)
            {
                return (result, $"{at}: SPT N {spt} is outside 0–300");
            }

            if (string.IsNullOrWhiteSpace(soil))
            {
                return (result, $"{at}: soil name is missing");
            }

            result.Add(new BoringLayerRow(i + 1, (float)top, (float)bottom, soil.Trim(),
                spt is null ? null : (short)Math.Round(spt.Value)));
        }

        return (result, null);
    }
}
