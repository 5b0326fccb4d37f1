using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Layers;

namespace Minato.Server.Tests.Input;

/// <summary>
/// Property: no input yields a 5xx (issue 11, finding 8). Every operation of the OpenAPI document (public and staff,
/// called with an hq token) gets a hostile value in each of its path and query parameters in turn, and in every string
/// of its JSON body; the OGC items endpoint also in each collection's property filters. Values: NUL, control
/// characters, lone surrogates, numbers beyond int2/int4/int8/float, NaN/Infinity, very long text, and FsCheck's
/// arbitrary strings, alone and concatenated.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NoServerErrorTests(InputHost host) : IClassFixture<InputHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Hostile =
    [
        "\0", "a\0b", "\u0001", "x\u001b[31m", "\u007f", "\u0085", "\ud800", "\udc00x", "x\ud800", "\ud800x",
        "-2147483649", "2147483648", "32768", "-32769", "9223372036854775808", "-9223372036854775809", "1e20", "1e400",
        "-1e400", "1e-400", "3.5e38", "1e-46", "NaN", "Infinity", "-Infinity", "", " ", "null", "0x10", "-1", "0", "1.5",
        "1,2,3,4", "1e20,1e20,1e21,1e21", "-1e400,0,1e400,1", "..", "../", "/", "%", "%00", "'; DROP TABLE x;--", "\\", "\"",
        "<x>&", "9999-12-31T23:59:59Z", "0001-01-01", "2026-02-30", "EPSG:6677", "http://www.opengis.net/def/crs/EPSG/0/6677",
        new string('x', 10_000), new string('9', 400), new string('\u3042', 5_000),
    ];

    private static Gen<string> HostileGen()
    {
        var single = Gen.OneOf(Gen.Elements(Hostile), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));
        return Gen.OneOf(single, Gen.Zip(single, single, (a, b) => a + b));
    }

    [Fact]
    public void EveryParameterAndBodyText_HostileValue_NeverA5xx()
    {
        var targets = Targets();
        Assert.True(targets.Count > 100, $"only {targets.Count} targets found in the OpenAPI document");
        TestContext.Current.TestOutputHelper?.WriteLine($"{targets.Count} targets (operation × parameter or body)");
        var hq = host.CreateClient("hq");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), Prop.ForAll(Arb.From(HostileGen()), value =>
        {
            foreach (var target in targets)
            {
                using var request = target(value);
                HttpResponseMessage response;
                try
                {
                    response = hq.SendAsync(request, Ct).GetAwaiter().GetResult();
                }
                catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
                {
                    // The in-memory server refuses %00 in a path before the host sees it (Kestrel answers 400 itself).
                    continue;
                }

                using var _ = response;
                if ((int)response.StatusCode >= 500)
                {
                    var body = response.Content.ReadAsStringAsync(Ct).GetAwaiter().GetResult();
                    Assert.Fail(
                        $"{request.Method} {request.RequestUri} with {Describe(value)} answered {(int)response.StatusCode}: {body}");
                }
            }

            return true;
        }));
    }

    /// <summary>One request builder per (operation, parameter or body), each putting the value in one place.</summary>
    private List<Func<string, HttpRequestMessage>> Targets()
    {
        using var client = host.CreateClient();
        using var doc = JsonDocument.Parse(client.GetStringAsync("/openapi.json", Ct).GetAwaiter().GetResult());
        var root = doc.RootElement.Clone();
        var targets = new List<Func<string, HttpRequestMessage>>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = operation.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => (Name: p.GetProperty("name").GetString()!, In: p.GetProperty("in").GetString()!,
                        Type: p.TryGetProperty("schema", out var s) && s.TryGetProperty("type", out var t) ? t.ToString() : "string"))
                        .ToList()
                    : [];
                var bodySchema = operation.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema)
                    ? schema : (JsonElement?)null;

                HttpRequestMessage Build(string? hostileParameter, string value, string? body)
                {
                    var url = path.Name;
                    var query = new List<string>();
                    foreach (var (name, location, type) in parameters)
                    {
                        var v = name == hostileParameter ? value : Default(name, type);
                        if (location == "path")
                        {
                            url = url.Replace("{" + name + "}", Encode(v), StringComparison.Ordinal);
                        }
                        else if (location == "query" && name == hostileParameter)
                        {
                            query.Add($"{Encode(name)}={Encode(v)}");
                        }
                    }

                    var request = new HttpRequestMessage(method, url + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
                    if (body is not null)
                    {
                        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                        request.Headers.Add("Idempotency-Key", "prop-" + Guid.NewGuid().ToString("N"));
                    }

                    return request;
                }

                foreach (var (name, location, _) in parameters.Where(p => p.In is "path" or "query"))
                {
                    targets.Add(v => Build(name, v, bodySchema is { } s ? Body(root, s, null, 0) : null));
                }

                if (bodySchema is { } b)
                {
                    targets.Add(v => Build(null, v, Body(root, b, v, 0)));
                }
            }
        }

        // The OGC property filters (?name=value) are not in the OpenAPI document: one target per queryable property.
        foreach (var layer in host.Services.GetRequiredService<LayerCatalog>().All)
        {
            foreach (var property in layer.Properties.Where(p => p.Queryable))
            {
                targets.Add(v => new HttpRequestMessage(HttpMethod.Get, $"/ogc/collections/{layer.Id}/items?{property.Name}={Encode(v)}"));
            }
        }

        // The report body is read by the server itself (JSON or multipart), so its schema is not in the document.
        targets.Add(v => new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = new StringContent(
                $"{{\"category\":{Json(v)},\"severity\":3,\"geometry\":{{\"type\":{Json(v)},\"coordinates\":[139.75,35.66]}},"
                + $"\"note\":{Json(v)},\"observedAt\":{Json(v)}}}", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "prop-" + Guid.NewGuid().ToString("N") } },
        });
        return targets;
    }

    /// <summary>A JSON body for the schema with <paramref name="value"/> in every string (null: plausible values).</summary>
    private static string Body(JsonElement root, JsonElement schema, string? value, int depth)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        var type = schema.TryGetProperty("type", out var t) ? t.ToString() : "object";
        if (depth > 4)
        {
            return "null";
        }

        if (type.Contains("object", StringComparison.Ordinal) && schema.TryGetProperty("properties", out var properties))
        {
            var members = properties.EnumerateObject().Select(p => $"{Json(p.Name)}:{Body(root, p.Value, value, depth + 1)}");
            return "{" + string.Join(',', members) + "}";
        }

        if (type.Contains("object", StringComparison.Ordinal) && schema.TryGetProperty("additionalProperties", out var additional)
            && additional.ValueKind == JsonValueKind.Object)
        {
            return $"{{\"ja\":{Body(root, additional, value, depth + 1)},\"en\":{Body(root, additional, value, depth + 1)}}}";
        }

        if (type.Contains("array", StringComparison.Ordinal) && schema.TryGetProperty("items", out var items))
        {
            return "[" + Body(root, items, value, depth + 1) + "]";
        }

        if (type.Contains("integer", StringComparison.Ordinal) || type.Contains("number", StringComparison.Ordinal))
        {
            return "1";
        }

        if (type.Contains("boolean", StringComparison.Ordinal))
        {
            return "true";
        }

        return value is null ? "\"shiba\"" : Json(value);
    }

    private static string Default(string name, string type) =>
        type.Contains("integer", StringComparison.Ordinal) ? "1" : name switch
        {
            "collectionId" => "shelters",
            "layer" or "layerId" => "hazard-areas",
            "z" or "x" or "y" => "1",
            _ => "shiba",
        };

    /// <summary>A JSON string literal that escapes every control character, non-ASCII and lone surrogate as \uXXXX.</summary>
    private static string Json(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 0x20 || c > 0x7e)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Percent-encodes UTF-8 (a lone surrogate becomes U+FFFD: a URL cannot carry one).</summary>
    private static string Encode(string value) =>
        string.Concat(Encoding.UTF8.GetBytes(value).Select(b =>
            char.IsAsciiLetterOrDigit((char)b)
                || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}"));

    private static string Describe(string value) =>
        value.Length > 60 ? $"{Json(value[..60])}… ({value.Length} chars)" : Json(value);
}
