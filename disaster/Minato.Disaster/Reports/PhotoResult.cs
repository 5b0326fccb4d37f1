namespace Minato.Disaster.Reports;

/// <summary>A processed photo, or why it was refused with the HTTP status that says so (413, 415 or 422).</summary>
public sealed record PhotoResult(ProcessedPhoto? Photo, int StatusCode, string? Error)
{
    public static PhotoResult Ok(ProcessedPhoto photo) => new(photo, 200, null);

    public static PhotoResult Refused(int statusCode, string error) => new(null, statusCode, error);
}
