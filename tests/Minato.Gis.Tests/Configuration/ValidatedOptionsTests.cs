using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Minato.Gis.Configuration;

namespace Minato.Gis.Tests.Configuration;

public sealed class ValidatedOptionsTests
{
    public sealed class SampleOptions : IOptionsSection
    {
        public static string Section => "Minato:Sample";

        public static string? LegacySection => "Sample";

        [Range(1, 100)]
        public int Port { get; set; } = 10;

        public string Host { get; set; } = "default";
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions<SampleOptions>();
        services.AddValidatedOptions<SampleOptions>();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddValidatedOptions_CurrentSection_Binds()
    {
        using var provider = Provider(new() { ["Minato:Sample:Port"] = "42" });

        Assert.Equal(42, provider.GetRequiredService<IOptions<SampleOptions>>().Value.Port);
    }

    [Fact]
    public void AddValidatedOptions_LegacyAndCurrentKeys_LegacyReadCurrentWins()
    {
        using var provider = Provider(new() { ["Sample:Port"] = "7", ["Sample:Host"] = "old", ["Minato:Sample:Host"] = "new" });

        var options = provider.GetRequiredService<IOptions<SampleOptions>>().Value;
        Assert.Equal(7, options.Port);
        Assert.Equal("new", options.Host);
    }

    [Fact]
    public void AddValidatedOptions_OutOfRange_RefusedWithTheMember()
    {
        using var provider = Provider(new() { ["Minato:Sample:Port"] = "1000" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SampleOptions>>().Value);
        Assert.Contains("Port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddValidatedOptions_RegisteredTwice_RecordsTheSectionOnce()
    {
        using var provider = Provider([]);

        var recorded = Assert.Single(provider.GetServices<OptionsSectionRegistration>());
        Assert.Equal(new OptionsSectionRegistration("Minato:Sample", typeof(SampleOptions), "Sample"), recorded);
    }

    [Fact]
    public void Read_LegacyAndCurrentKeys_AsBound()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sample:Port"] = "7", ["Minato:Sample:Port"] = "8" }).Build();

        Assert.Equal(8, ValidatedOptions.Read<SampleOptions>(configuration).Port);
    }
}
