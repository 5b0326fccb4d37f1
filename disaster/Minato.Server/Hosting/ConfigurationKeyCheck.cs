using System.Reflection;
using Minato.Gis.Configuration;

namespace Minato.Server.Hosting;

/// <summary>
/// Finds configuration keys that no options class reads (a typo such as <c>Minato:Tiles:CacheEnabeld</c> would otherwise be
/// ignored silently) and keys still set under a legacy section. The sections are the ones the options classes recorded
/// when they were registered (<see cref="ValidatedOptions.AddValidatedOptions{T}"/>).
/// </summary>
internal static partial class ConfigurationKeyCheck
{
    /// <summary>Keys read directly rather than through an options class (full paths).</summary>
    internal static readonly IReadOnlyList<string> DirectKeys = ["Minato:Live:Redis", MapClientHosting.PathSetting];

    /// <summary>Logs every unknown key and every legacy key (naming the key that replaces it) once, at start-up.</summary>
    public static WebApplication WarnAboutConfigurationKeys(this WebApplication app)
    {
        var sections = app.Services.GetServices<OptionsSectionRegistration>().ToList();
        foreach (var key in FindUnknownKeys(app.Configuration, sections, DirectKeys))
        {
            LogUnknown(app.Logger, key);
        }

        foreach (var (legacy, current) in ValidatedOptions.FindLegacyKeys(app.Configuration, sections))
        {
            LogLegacy(app.Logger, legacy, current);
        }

        return app;
    }

    /// <param name="sections">Options sections and the class bound to each (e.g. <c>Minato:Tiles</c> → TileOptions); a
    /// legacy section is checked against the same class.</param>
    /// <param name="extraKeys">Keys read directly rather than through an options class (full paths).</param>
    /// <returns>Full paths of unknown keys under the roots of <paramref name="sections"/>.</returns>
    public static IReadOnlyList<string> FindUnknownKeys(
        IConfiguration configuration, IEnumerable<OptionsSectionRegistration> sections, IReadOnlyCollection<string> extraKeys)
    {
        var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in sections)
        {
            types[s.Section] = s.Type;
            if (s.LegacySection is { } legacy)
            {
                types[legacy] = s.Type;
            }
        }

        var unknown = new List<string>();
        foreach (var root in types.Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Walk(configuration.GetSection(root), root);
        }

        return unknown;

        void Walk(IConfigurationSection section, string path)
        {
            var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (types.TryGetValue(path, out var type))
            {
                allowed.UnionWith(type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.CanWrite).Select(p => p.Name));
            }

            // The next segment of every deeper section (Minato → Sensors for Minato:Sensors:Broker) is walked into.
            var children = NextSegments(types.Keys, path).ToHashSet(StringComparer.OrdinalIgnoreCase);
            allowed.UnionWith(children);
            allowed.UnionWith(NextSegments(extraKeys, path));

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

    private static IEnumerable<string> NextSegments(IEnumerable<string> keys, string path) =>
        keys.Where(k => k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)).Select(k => k[(path.Length + 1)..].Split(':')[0]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "unknown configuration key {Key}: no setting of that name exists (a typo?)")]
    private static partial void LogUnknown(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "configuration key {Legacy} is read for now but deprecated: use {Current}")]
    private static partial void LogLegacy(ILogger logger, string legacy, string current);
}
