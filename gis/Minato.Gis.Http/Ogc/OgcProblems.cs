using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Minato.Gis.Features;

namespace Minato.Gis.Http.Ogc;

/// <summary>
/// RFC 9457 problem details that also carry the OGC exception members <c>code</c> and <c>description</c>,
/// so both kinds of client understand the error.
/// </summary>
public static class OgcProblems
{
    public static ProblemHttpResult BadRequest(FeatureQueryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Problem(StatusCodes.Status400BadRequest, "Invalid request", error.Code, error.Detail, error.Parameter);
    }

    public static ProblemHttpResult CollectionNotFound(string collectionId) =>
        Problem(StatusCodes.Status404NotFound, "Collection not found", "NotFound", $"no collection '{collectionId}'; see /ogc/collections");

    public static ProblemHttpResult FeatureNotFound(string collectionId, string featureId) =>
        Problem(StatusCodes.Status404NotFound, "Feature not found", "NotFound",
            $"collection '{collectionId}' has no feature '{featureId}'");

    private static ProblemHttpResult Problem(int status, string title, string code, string detail, string? parameter = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["description"] = detail };
        if (parameter is not null)
        {
            extensions["parameter"] = parameter;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
