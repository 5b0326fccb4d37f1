using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Minato.Gis.Configuration;
using Minato.Server.Hosting;
using Minato.Testing;

namespace Minato.Server.Tests.Hosting;

public sealed class ConfigurationKeyCheckTests
{
    /// <summary>The sections the server's options classes record as the host registers them (no list kept by hand).</summary>
    private static readonly IReadOnlyList<OptionsSectionRegistration> Sections = RegisteredSections();

    private static IReadOnlyList<OptionsSectionRegistration> RegisteredSections()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["MINATO_DB"] = "Host=unused";
        builder.Configuration["Minato:Auth:SigningKey"] = Convert.ToBase64String(new byte[48]) + "-test-only";
        ServerHost.AddModules(builder);
        return builder.Services.Select(d => d.ImplementationInstance).OfType<OptionsSectionRegistration>().ToList();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IReadOnlyList<string> Unknown(Dictionary<string, string?> settings) =>
        ConfigurationKeyCheck.FindUnknownKeys(Configuration(settings), Sections, ConfigurationKeyCheck.DirectKeys);

    [Fact]
    public void FindUnknownKeys_TyposInSeveralSections_NamesEachWithItsPath()
    {
        var unknown = Unknown(new()
        {
            ["Minato:Tiles:CacheEnabeld"] = "false",
            ["Minato:PublicBurts"] = "5",
            ["Sensors:Ingest:Hots"] = "mqtt",
            ["Sensors:Brokr:Port"] = "1",
            ["Minato:Sensors:Ingest:Hots"] = "mqtt",
            ["Minato:Sensrs:Ingest:Host"] = "mqtt",
        });

        Assert.Equal(
            ["Minato:PublicBurts", "Minato:Sensors:Ingest:Hots", "Minato:Sensrs", "Minato:Tiles:CacheEnabeld", "Sensors:Brokr",
                "Sensors:Ingest:Hots"],
            unknown.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FindUnknownKeys_KnownKeysAnyCase_NoneReported()
    {
        var unknown = Unknown(new()
        {
            ["Minato:Tiles:CacheEnabled"] = "false",
            ["minato:publicburst"] = "5",
            ["Minato:Live:Redis"] = "localhost:6379",
            ["Minato:Sensors:Ingest:Host"] = "mqtt",
            ["Sensors:Ingest:Host"] = "mqtt",
            ["MINATO_DB"] = "Host=x",
        });

        Assert.Empty(unknown);
    }

    [Fact]
    public void FindUnknownKeys_ShippedAppSettings_AllKnown()
    {
        var file = Path.Combine(TestEnvironment.RepositoryRoot, "disaster", "Minato.Server", "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        Assert.Empty(ConfigurationKeyCheck.FindUnknownKeys(configuration, Sections, ConfigurationKeyCheck.DirectKeys));
        Assert.Empty(ValidatedOptions.FindLegacyKeys(configuration, Sections)); // shipped settings use the current keys only
    }

    [Fact]
    public void AddModules_EveryOptionsClass_RecordsItsSectionUnderMinato()
    {
        Assert.Contains(Sections, s => s.Section == "Minato:Sensors:Broker" && s.LegacySection == "Sensors:Broker");
        Assert.Contains(Sections, s => s.Section == "Minato:Tiles");
        Assert.Contains(Sections, s => s.Section == "Minato:Tasks");
        Assert.All(Sections, s =>
            Assert.True(s.Section == "Minato" || s.Section.StartsWith("Minato:", StringComparison.Ordinal), s.Section));
        Assert.Equal(Sections.Count, Sections.Select(s => s.Type).Distinct().Count());
    }

    [Fact]
    public void FindLegacyKeys_SensorsKeys_NamesTheMinatoKeyThatReplacesEach()
    {
        var legacy = ValidatedOptions.FindLegacyKeys(
            Configuration(new() { ["Sensors:Broker:Port"] = "1884", ["Minato:Sensors:Ingest:Port"] = "1884" }), Sections);

        Assert.Equal([("Sensors:Broker:Port", "Minato:Sensors:Broker:Port")], legacy);
    }
}
