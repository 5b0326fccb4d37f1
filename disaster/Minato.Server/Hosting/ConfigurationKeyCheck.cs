using System.Reflection;

namespace Minato.Server.Hosting;

/// <summary>
/// Finds configuration keys that no options class reads (a typo such as <c>Minato:Tiles:CacheEnabeld</c> would otherwise be
/// ignored silently). Pure: the host logs what it returns at start-up.
/// </summary>
internal static class ConfigurationKeyCheck
{
    /// <param name="sections">Options sections and the class bound to each (e.g. <c>Minato:Tiles</c> → TileOptions).</param>
    /// <param name="extraKeys">Keys read directly rather than through an options class (full paths).</param>
    /// <returns>Full paths of unknown keys under the roots of <paramref name="sections"/>.</returns>
    public static IReadOnlyList<string> FindUnknownKeys(
        IConfiguration configuration, IReadOnlyDictionary<string, Type> sections, IReadOnlyCollection<string> extraKeys)
    {
        var unknown = new List<string>();
        var roots = sections.Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots)
        {
            Walk(configuration.GetSection(root), root);
        }

        return unknown;

        void Walk(IConfigurationSection section, string path)
        {
            var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (sections.TryGetValue(path, out var type))
            {
                allowed.UnionWith(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));
            }

            var children = sections.Keys
                .Where(k => k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase) && k.Split(':').Length == path.Split(':').Length + 1)
                .Select(k => k[(path.Length + 1)..])
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            allowed.UnionWith(children);
            allowed.UnionWith(extraKeys.Where(k => k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)).Select(k => k[(path.Length + 1)..].Split(':')[0]));

            foreach (var child in section.GetChildren())
            {
                if (!allowed.Contains(child.Key))
                {
                    unknown.Add($"{path}:{child.Key}");
                }
                else if (children.Contains(child.Key))
                {
                    Walk(child, $"{path}:{child.Key}");
                }
            }
        }
    }
}
