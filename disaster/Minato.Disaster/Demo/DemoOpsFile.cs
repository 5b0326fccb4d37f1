using System.Text.Json;

namespace Minato.Disaster.Demo;

/// <summary>The operations files of the demo dataset (<c>data/demo/ops/*.json</c>, DEMO / 架空), read one way for every loader.</summary>
public static class DemoOpsFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The path of <paramref name="name"/> (e.g. <c>tasks.json</c>) under the demo folder.</summary>
    public static string PathOf(string folder, string name) => Path.Combine(folder, "ops", name);

    /// <summary>The file deserialised, or null when it is absent (the demo then loads none of it); an empty file throws.</summary>
    public static async Task<T?> ReadAsync<T>(string folder, string name, CancellationToken cancellationToken)
        where T : class
    {
        var path = PathOf(folder, name);
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(path, cancellationToken), Json)
            ?? throw new InvalidDataException(path + " is empty");
    }

    /// <summary>The console line when a file is absent.</summary>
    public static string Missing(string what, string folder, string name) => $"demo {what}: none (no {PathOf(folder, name)})";
}
