using Microsoft.Extensions.Configuration;
using Minato.Server.Hosting;
using Minato.Testing;

namespace Minato.Server.Tests.Hosting;

public sealed class ConfigurationKeyCheckTests
{
    private static IReadOnlyList<string> Unknown(Dictionary<string, string?> settings) =>
        ConfigurationKeyCheck.FindUnknownKeys(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), ServerHost.OptionSections,
            ["Minato:Live:Redis"]);

    [Fact]
    public void FindUnknownKeys_TyposInSeveralSections_NamesEachWithItsPath()
    {
        var unknown = Unknown(new()
        {
            ["Minato:Tiles:CacheEnabeld"] = "false",
            ["Minato:PublicBurts"] = "5",
            ["Sensors:Ingest:Hots"] = "mqtt",
            ["Sensors:Brokr:Port"] = "1",
        });

        Assert.Equal(["Minato:PublicBurts", "Minato:Tiles:CacheEnabeld", "Sensors:Brokr", "Sensors:Ingest:Hots"],
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

        Assert.Empty(ConfigurationKeyCheck.FindUnknownKeys(configuration, ServerHost.OptionSections, ["Minato:Live:Redis"]));
    }
}
