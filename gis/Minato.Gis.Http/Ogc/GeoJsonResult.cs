using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Minato.Gis.Crs;
using Minato.Gis.Features;

namespace Minato.Gis.Http.Ogc;

/// <summary>
/// Writes a GeoJSON (RFC 7946) FeatureCollection or Feature whose parts PostgreSQL already made as JSON text,
/// with the <c>Content-Crs</c> header of OGC API Features Part 2.
/// </summary>
public sealed class GeoJsonResult : IResult, IEndpointMetadataProvider
{
    // Relaxed escaping: links keep '&' and '+' readable; the body is JSON, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Action<Utf8JsonWriter> _write;

    private GeoJsonResult(CrsDefinition crs, Action<Utf8JsonWriter> write)
    {
        Crs = crs;
        _write = write;
    }

    /// <summary>CRS of the coordinates (sent as <c>Content-Crs</c>).</summary>
    public CrsDefinition Crs { get; }

    public static GeoJsonResult Collection(
        FeaturePage page, DateTimeOffset timeStamp, IReadOnlyList<OgcLink> links, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(links);
        return new GeoJsonResult(crs, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var row in page.Features)
            {
                WriteFeature(w, row, null);
            }

            w.WriteEndArray();
            w.WriteNumber("numberMatched", page.NumberMatched);
            w.WriteNumber("numberReturned", page.Features.Count);
            w.WriteString("timeStamp", timeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            WriteLinks(w, links);
            w.WriteEndObject();
        });
    }

    public static GeoJsonResult Feature(FeatureRow row, IReadOnlyList<OgcLink> links, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(links);
        return new GeoJsonResult(crs, w => WriteFeature(w, row, links));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = OgcMediaTypes.GeoJson;
        response.Headers["Content-Crs"] = Crs.HeaderValue;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            _write(writer);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(object), [OgcMediaTypes.GeoJson]));
    }

    private static void WriteFeature(Utf8JsonWriter w, FeatureRow row, IReadOnlyList<OgcLink>? links)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WritePropertyName("id");
        w.WriteRawValue(row.Id, skipInputValidation: true);
        w.WritePropertyName("geometry");
        if (row.Geometry is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(row.Geometry, skipInputValidation: true);
        }

        w.WritePropertyName("properties");
        w.WriteRawValue(row.Properties, skipInputValidation: true);
        if (links is not null)
        {
            WriteLinks(w, links);
        }

        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<OgcLink> links)
    {
        w.WriteStartArray("links");
        foreach (var link in links)
        {
            w.WriteStartObject();
            w.WriteString("href", link.Href);
            w.WriteString("rel", link.Rel);
            if (link.Type is not null)
            {
                w.WriteString("type", link.Type);
            }

            if (link.Title is not null)
            {
                w.WriteString("title", link.Title);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
