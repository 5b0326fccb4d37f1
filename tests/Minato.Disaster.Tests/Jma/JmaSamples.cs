using Minato.Disaster.Jma;

namespace Minato.Disaster.Tests.Jma;

/// <summary>JMA's real sample messages in ../shared/data/jma (read in place) and a parser with the default settings.</summary>
internal static class JmaSamples
{
    public static JmaOptions Options() => new();

    public static string Path(string name) => TestEnvironment.RequireSharedFile("jma/" + name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static JmaMessage Parse(string name, JmaOptions? options = null)
    {
        var result = new JmaParser(options ?? Options()).Parse(Bytes(name));
        Assert.True(result.Message is not null, $"{name} was rejected: {result.Reason}");
        return result.Message!;
    }

    public static IReadOnlyList<string> All() =>
        [.. Directory.GetFiles(System.IO.Path.Combine(TestEnvironment.SharedData, "jma"), "*.xml").Select(System.IO.Path.GetFileName)
            .Order(StringComparer.Ordinal)!];
}
