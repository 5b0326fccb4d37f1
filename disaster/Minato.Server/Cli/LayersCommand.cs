using Minato.Gis.Layers;

namespace Minato.Server.Cli;

/// <summary><c>layers</c>: list the published layers.</summary>
internal static class LayersCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        foreach (var layer in LayerCatalog.Core)
        {
            Console.WriteLine($"{layer.Id,-18} {layer.GeometryType,-13} {layer.TitleJa} / {layer.TitleEn}");
        }

        return Task.FromResult(0);
    }
}
