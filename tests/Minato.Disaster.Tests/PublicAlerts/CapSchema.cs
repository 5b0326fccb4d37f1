using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>Validates documents against the OASIS CAP 1.2 schema (../shared/data/schemas/CAP-v1.2.xsd, read in place).</summary>
internal static class CapSchema
{
    public static readonly XNamespace Ns = "urn:oasis:names:tc:emergency:cap:1.2";

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(TestEnvironment.RequireSharedFile("schemas/CAP-v1.2.xsd"));
        set.Add(null, reader);
        set.Compile();
        return set;
    });

    /// <summary>The schema errors of <paramref name="xml"/> (empty = valid). Also requires UTF-8 and the CAP root.</summary>
    public static IReadOnlyList<string> Errors(string xml)
    {
        var errors = new List<string>();
        var doc = XDocument.Parse(xml);
        if (doc.Root?.Name != Ns + "alert")
        {
            errors.Add("root is not cap:alert");
        }

        doc.Validate(Schemas.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    public static void AssertValid(string xml)
    {
        var errors = Errors(xml);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);
    }
}
