using Minato.Disaster.Reports;

namespace Minato.Disaster.Http.Reports;

/// <summary>
/// A report request's content as read from the wire: the report JSON (absent for a photos-only request) and the photo
/// files, or the problem that stopped reading (<see cref="Problem"/>: 400, 413 or 415).
/// </summary>
public sealed record ReportBody(ReadOnlyMemory<byte>? Json, IReadOnlyList<PhotoUpload> Photos, IResult? Problem)
{
    public static ReportBody Failed(IResult problem) => new(null, [], problem);

    /// <summary>The parts hashed for idempotency: the JSON, then each photo's bytes, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> ContentParts()
    {
        yield return Json ?? ReadOnlyMemory<byte>.Empty;
        foreach (var p in Photos)
        {
            yield return p.Content;
        }
    }
}
