using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Reports;

namespace Minato.Disaster.Http.Reports;

/// <summary>
/// Reads a report request body within the limits of <see cref="ReportOptions"/>: <c>application/json</c> (the report),
/// or <c>multipart/form-data</c> with a part <c>report</c> (the JSON) and up to <see cref="ReportOptions.MaxPhotos"/>
/// files in parts named <c>photos</c>. Too large → 413 (whole request, one photo, or too many photos); another media
/// type → 415; a malformed multipart body → 400. The body is counted as it arrives, so a missing or false
/// Content-Length cannot slip past the limit.
/// </summary>
public static class ReportBodyReader
{
    public static async Task<ReportBody> ReadAsync(HttpRequest request, ReportOptions options, bool reportRequired,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var body = await RequestBody.ReadCappedAsync(request, options.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return ReportBody.Failed(OpsProblems.TooLarge($"the request is larger than the limit of {options.MaxRequestBytes:N0} bytes"));
        }

        var type = request.ContentType is { } ct && MediaTypeHeaderValue.TryParse(ct, out var parsed) ? parsed : null;
        if (type?.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await ReadMultipartAsync(body, type, options, reportRequired, cancellationToken);
        }

        if (reportRequired && (type is null || RequestBody.IsJson(request.ContentType)))
        {
            return new ReportBody(body, [], null);
        }

        return ReportBody.Failed(OpsProblems.UnsupportedMediaType(reportRequired
            ? "send application/json or multipart/form-data (part 'report' + files 'photos')"
            : "send multipart/form-data with files in parts named 'photos'"));
    }

    private static async Task<ReportBody> ReadMultipartAsync(
        byte[] body, MediaTypeHeaderValue type, ReportOptions options, bool reportRequired, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return ReportBody.Failed(OpsProblems.BadRequest("multipart/form-data without a boundary"));
        }

        ReadOnlyMemory<byte>? json = null;
        var photos = new List<PhotoUpload>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { BodyLengthLimit =
                options.MaxRequestBytes };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return ReportBody.Failed(OpsProblems.BadRequest("every multipart part needs Content-Disposition: form-data; name=…"));
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                switch (name)
                {
                    case "report" when json is null:
                        json = content.ToArray();
                        break;
                    case "photos" or "photo":
                        if (photos.Count >= options.MaxPhotos)
                        {
                            return ReportBody.Failed(OpsProblems.TooLarge(
                                $"too many photos: at most {options.MaxPhotos} per request / 写真は{options.MaxPhotos}枚までです"));
                        }

                        var file = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar
                            : disposition.FileName).Value;
                        photos.Add(new PhotoUpload(string.IsNullOrWhiteSpace(file) ? $"photo {photos.Count + 1}" : Path.GetFileName(file),
                            content.ToArray()));
                        break;
                    default:
                        return ReportBody.Failed(OpsProblems.BadRequest(
                            $"unexpected multipart part '{name}' (expected 'report' once and files in 'photos')"));
                }
            }
        }
        catch (IOException e)
        {
            return ReportBody.Failed(OpsProblems.BadRequest("malformed multipart body: " + e.Message));
        }
        catch (InvalidDataException e)
        {
            return ReportBody.Failed(OpsProblems.BadRequest("malformed multipart body: " + e.Message));
        }

        if (reportRequired && json is null)
        {
            return ReportBody.Failed(OpsProblems.BadRequest("the multipart body has no part named 'report' (the report JSON)"));
        }

        if (!reportRequired && json is not null)
        {
            return ReportBody.Failed(OpsProblems.BadRequest("this request takes photos only (parts named 'photos')"));
        }

        return new ReportBody(json, photos, null);
    }
}
