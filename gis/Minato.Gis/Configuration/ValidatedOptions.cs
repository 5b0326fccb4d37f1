using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Minato.Gis.Configuration;

/// <summary>The one way an options class is registered: bound from its section, validated at start, recorded.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <see cref="IOptionsSection.Section"/> (after its legacy section, so the current
    /// key wins when both are set), validates its data annotations when the host starts, and records the section for the
    /// unknown-key check. Idempotent: a second call for the same type records nothing more.
    /// </summary>
    /// <remarks>The configuration is the host's <see cref="IConfiguration"/>, resolved when the options are first read.</remarks>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services)
        where T : class, IOptionsSection
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<T>();
        if (services.Any(d => d.ServiceType == typeof(OptionsSectionRegistration)
            && d.ImplementationInstance is OptionsSectionRegistration r && r.Type == typeof(T)))
        {
            return builder;
        }

        if (T.LegacySection is { } legacy)
        {
            builder.BindConfiguration(legacy);
        }

        builder.BindConfiguration(T.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new OptionsSectionRegistration(T.Section, typeof(T), T.LegacySection));
        return builder;
    }

    /// <summary>
    /// The options as configured, for decisions taken while the services are registered (before the container exists):
    /// the legacy section first, the current one over it, as <see cref="AddValidatedOptions{T}"/> binds them.
    /// </summary>
    public static T Read<T>(IConfiguration configuration)
        where T : class, IOptionsSection, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new T();
        if (T.LegacySection is { } legacy)
        {
            configuration.GetSection(legacy).Bind(options);
        }

        configuration.GetSection(T.Section).Bind(options);
        return options;
    }

    /// <summary>Keys set under a legacy section, each with the key that replaces it (for a warning at start-up).</summary>
    public static IReadOnlyList<(string Legacy, string Current)> FindLegacyKeys(
        IConfiguration configuration, IEnumerable<OptionsSectionRegistration> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        var found = new List<(string, string)>();
        foreach (var s in sections)
        {
            if (s.LegacySection is not { } legacy)
            {
                continue;
            }

            foreach (var (key, value) in configuration.GetSection(legacy).AsEnumerable())
            {
                if (value is not null)
                {
                    found.Add((key, string.Concat(s.Section, key.AsSpan(legacy.Length))));
                }
            }
        }

        return found;
    }
}
