using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Minato.Gis.Input;

namespace Minato.Disaster.Http.Requests;

/// <summary>
/// The one reader of request bodies for the write endpoints of the operations API. A body is counted as it arrives
/// (a missing or false Content-Length cannot slip past the endpoint's limit: 413), must be JSON (415), may not nest
/// deeper than <see cref="MaxDepth"/>, may not carry members the request type does not have (so a client that sends
/// <c>grade</c> learns the grade is derived, never typed), and every string in it follows <see cref="TextInput"/>:
/// all of these refusals answer 400 naming the field. Thread-safe.
/// </summary>
public static class RequestBody
{
    /// <summary>The default limit of a JSON body (a survey with 30 components is about 3 KB).</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted (the deepest request, a polygon area, needs 5).</summary>
    public const int MaxDepth = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    /// <summary>
    /// Reads a JSON body of at most <paramref name="maxBytes"/> bytes into <typeparamref name="T"/>; an
    /// <paramref name="optional"/> body may be absent (no value, no problem).
    /// </summary>
    public static async Task<JsonBody<T>> ReadJsonAsync<T>(
        HttpRequest request, int maxBytes = DefaultMaxBytes, bool optional = false, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (optional && (request.ContentLength == 0
            || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }))
        {
            return new(null, [], null);
        }

        if (!IsJson(request.ContentType))
        {
            return new(null, [], OpsProblems.UnsupportedMediaType("send the body as application/json"));
        }

        var raw = await ReadCappedAsync(request, maxBytes, cancellationToken);
        if (raw is null)
        {
            return new(null, [], OpsProblems.TooLarge($"the body is at most {maxBytes:N0} bytes"));
        }

        try
        {
            using (var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = MaxDepth }))
            {
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                TextInput.CheckJson(document.RootElement, "", errors, MaxDepth);
                if (errors.Count > 0)
                {
                    return new(null, raw, OpsProblems.BadRequest(errors));
                }
            }

            var value = JsonSerializer.Deserialize<T>(raw, Json);
            return value is null
                ? new(null, raw, OpsProblems.BadRequest("body", "the body is a JSON object"))
                : new(value, raw, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return new(null, raw, OpsProblems.BadRequest(e.Path is { Length: > 2 } p ? p[2..] : "body",
                $"malformed JSON{where} (line {e.LineNumber + 1}): {FirstSentence(e.Message)}"));
        }
    }

    /// <summary><see cref="ReadJsonAsync{T}"/>, then <paramref name="validate"/>: its errors become the 400 answer.</summary>
    public static async Task<JsonBody<T>> ReadValidJsonAsync<T>(
        HttpRequest request, Func<T, Dictionary<string, string[]>> validate, int maxBytes = DefaultMaxBytes,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(validate);
        var body = await ReadJsonAsync<T>(request, maxBytes, cancellationToken: cancellationToken);
        if (body.Value is null)
        {
            return body;
        }

        var errors = validate(body.Value);
        return errors.Count > 0 ? body with { Value = null, Problem = OpsProblems.BadRequest(errors) } : body;
    }

    /// <summary>
    /// The whole body, or null when it is longer than <paramref name="maxBytes"/> (by its Content-Length or as counted);
    /// the server's own limit is lowered to just above it, so the connection is not kept reading a huge upload.
    /// </summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Whether a Content-Type is JSON (<c>application/json</c> or <c>application/*+json</c>).</summary>
    public static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);


    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
