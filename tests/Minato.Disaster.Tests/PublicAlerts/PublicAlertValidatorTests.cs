using System.Text.Json;
using Minato.Disaster.PublicAlerts;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The checks of an alert request that need no database: each refusal names its field and reason.</summary>
public sealed class PublicAlertValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private static PublicAlertRequest Request(string body) =>
        JsonSerializer.Deserialize<PublicAlertRequest>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    // The bodies expire two days after the real clock, which may be far from Now: the lifetime cap has tests of its own.
    private static AlertValidation Validate(System.Text.Json.Nodes.JsonObject body, PublicAlertOptions? options = null) =>
        PublicAlertValidator.Validate(
            Request(body.ToJsonString()), Now, options ?? new PublicAlertOptions { MaxLifetime = TimeSpan.FromDays(366) });

    [Fact]
    public void Validate_WellFormedDistrictAlert_GivesDraft()
    {
        var result = Validate(AlertBodies.Districts());

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(4, result.Draft!.Level.Level);
        Assert.Equal(["shiba"], result.Draft.Districts);
    }

    [Theory]
    [InlineData(4, "elderly-evacuate", "level 4 goes with evacuation 'evacuate'")]
    [InlineData(3, "evacuate", "level 3 goes with evacuation 'elderly-evacuate'")]
    [InlineData(5, null, "level 5 goes with evacuation 'emergency-safety'")]
    [InlineData(2, "evacuate", "level 2 carries no evacuation information")]
    [InlineData(4, "run", "unknown evacuation 'run'")]
    [InlineData(6, null, "level must be 1–5")]
    public void Validate_InconsistentLevelAndEvacuation_SpecificMessage(int level, string? evacuation, string expected)
    {
        var result = Validate(AlertBodies.Districts(level, evacuation));

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnglishHeadlineMissing_Refused()
    {
        var body = AlertBodies.Districts();
        body["headline"]!.AsObject().Remove("en");

        var result = Validate(body);

        Assert.Contains("headline", result.Errors.Keys);
        Assert.Contains("headline.en is required", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownLanguageOrMismatchedLanguages_Refused()
    {
        var body = AlertBodies.Districts();
        body["headline"]!["fr"] = "Ordre d'évacuation";
        body["description"]!.AsObject().Remove("ko");

        var result = Validate(body);

        Assert.Contains("unknown language 'fr'", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothAreasOrNone_Refused()
    {
        var both = AlertBodies.Polygon(AlertBodies.InShiba);
        both["area"]!["districts"] = new System.Text.Json.Nodes.JsonArray("shiba");
        var none = AlertBodies.Districts();
        none.Remove("area");

        Assert.Contains("exactly one of area.districts, area.chome and area.polygon", Validate(both).Summary, StringComparison.Ordinal);
        Assert.Contains("area is required", Validate(none).Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[139.74,35.65],[139.75,35.65],[139.75,35.66],[139.74,35.66]]]}""", "closed")]
    [InlineData("""{"type":"Polygon","coordinates":[[[139.74,35.65],[139.75,35.66],[139.75,35.65],[139.74,35.66],[139.74,35.65]]]}""",
        "not valid: Self-intersection")]
    [InlineData("""{"type":"Point","coordinates":[139.74,35.65]}""", "not Point")]
    [InlineData("""{"type":"Polygon","coordinates":[[[35.65,139.74],[35.65,139.75],[35.66,139.75],[35.65,139.74]]]}""",
        "not a longitude/latitude")]
    [InlineData("""{"type":"Polygon","coordinates":[[[139.74,35.65],[139.75,35.65],[139.74,35.65]]]}""", "at least 4 positions")]
    public void Validate_BadPolygon_ReasonGiven(string polygon, string expected)
    {
        var body = AlertBodies.Districts();
        body["area"] = new System.Text.Json.Nodes.JsonObject { ["polygon"] = System.Text.Json.Nodes.JsonNode.Parse(polygon) };

        var result = Validate(body);

        Assert.Contains("area.polygon", result.Errors.Keys);
        Assert.Contains(expected, result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManyVertices_Refused()
    {
        var coords = Enumerable.Range(0, 600)
            .Select(i => new[] { 139.7454 + (0.01 * Math.Cos(i * Math.PI / 300)), 35.6586 + (0.01 * Math.Sin(i * Math.PI / 300)) })
                .ToList();
        coords.Add(coords[0]);
        var body = AlertBodies.Districts();
        body["area"] = new System.Text.Json.Nodes.JsonObject
        {
            ["polygon"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(new { type = "Polygon",
                coordinates = new[] { coords } })),
        };

        var result = Validate(body);

        Assert.Contains("more than 500 vertices", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpiryInThePastOrBadStatus_Refused()
    {
        var body = AlertBodies.Districts(status: "Real");
        body["expires"] = "2026-11-24T01:59:59Z";

        var result = Validate(body);

        Assert.Contains("expires", result.Errors.Keys);
        Assert.Contains("status must be Actual, Exercise or Test", result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z", false)]
    [InlineData("2026-12-01T02:00:01Z", false)] // 7 days and a second after Now
    [InlineData("2026-12-01T02:00:00Z", true)] // exactly 7 days
    public void Validate_ExpiryBeyondTheLifetimeCap_RefusedNamingExpires(string expires, bool valid)
    {
        var body = AlertBodies.Districts();
        body["expires"] = expires;

        var result = Validate(body, new PublicAlertOptions());

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid, !result.Errors.ContainsKey("expires"));
    }

    [Theory]
    [InlineData("headline", "Evacuate\u0001now")]
    [InlineData("headline", "Evacuate\nnow")] // a headline is one line
    [InlineData("description", "flood\u0000")]
    public void Validate_ControlCharacterInText_RefusedNamingTheField(string field, string english)
    {
        var body = AlertBodies.Districts();
        body[field] = new System.Text.Json.Nodes.JsonObject { ["ja"] = "本文", ["en"] = english };
        if (field == "headline")
        {
            body["description"] = System.Text.Json.Nodes.JsonNode.Parse("""{"ja":"本文","en":"text"}""");
        }
        else
        {
            body["headline"] = System.Text.Json.Nodes.JsonNode.Parse("""{"ja":"見出し","en":"headline"}""");
        }

        body.Remove("instruction");

        var result = Validate(body);

        Assert.False(result.IsValid);
        Assert.Contains(field, result.Errors.Keys);
    }
}
