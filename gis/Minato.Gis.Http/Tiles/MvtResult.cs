using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Minato.Gis.Http.Tiles;

/// <summary>A tile body as <c>application/vnd.mapbox-vector-tile</c>, written straight to the response.</summary>
/// <remarks>The tile path is the hottest in the server (a cache hit is a lookup and this write), so it skips the general
/// file-result machinery (range and precondition handling, per-request logger lookup); the endpoint does its own
/// If-None-Match.</remarks>
public sealed class MvtResult(byte[] body, bool gzipped) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public byte[] Body => body;

    public bool Gzipped => gzipped;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        if (gzipped)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), [ContentType]));
    }
}
