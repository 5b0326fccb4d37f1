using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Reports;

/// <summary>Field damage report limits, section <c>Minato:Reports</c>.</summary>
public sealed class ReportOptions : IOptionsSection
{
    public static string Section => "Minato:Reports";

    /// <summary>Largest photo file accepted (bytes; larger → 413).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPhotoBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most photos in one request (more → 413).</summary>
    [Range(0, 50)]
    public int MaxPhotos { get; set; } = 5;

    /// <summary>Largest request body (bytes; larger → 413). Below Kestrel's default limit (30,000,000 bytes).</summary>
    [Range(4096, 1024 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 24 * 1024 * 1024;

    /// <summary>
    /// Largest image (pixels, width × height as its header declares them; larger → 422 before any pixel is decoded).
    /// 16 MP is a phone camera's full size; a small file can declare a huge image (a PNG of one colour, 7000 × 7000,
    /// is 208 KB and decodes to 196 MB).
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxImagePixels { get; set; } = 16_000_000;

    /// <summary>
    /// Most requests decoding photos at once in this process (each decodes its photos one after another); one more is
    /// answered 503 with <c>Retry-After</c> at once rather than queued, so memory stays bounded under a burst.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentPhotoDecodes { get; set; } = 2;

    /// <summary>The <c>Retry-After</c> (seconds) of the 503 sent when every photo decoding slot is busy.</summary>
    [Range(1, 3600)]
    public int PhotoBusyRetryAfterSeconds { get; set; } = 5;

    /// <summary>Stored photos are scaled down to at most this many pixels on the long edge.</summary>
    [Range(64, 16384)]
    public int MaxStoredEdge { get; set; } = 2560;

    /// <summary>Longest note (characters).</summary>
    [Range(1, 4000)]
    public int MaxNoteLength { get; set; } = 2000;

    /// <summary>Most vertices of a LineString report.</summary>
    [Range(2, 100_000)]
    public int MaxVertices { get; set; } = 500;

    /// <summary>How far back <c>observedAt</c> may be (days): an offline phone may hold a report for a while.</summary>
    [Range(1, 3660)]
    public int MaxObservedAgeDays { get; set; } = 30;

    /// <summary>A road segment within this distance of a Point report is blocked (metres, EPSG:6677).</summary>
    [Range(0.1, 200)]
    public double PointBlockMetres { get; set; } = 15;

    /// <summary>A LineString report covers a road segment when the segment lies in the line's buffer of this width (metres).</summary>
    [Range(0.1, 100)]
    public double LineBlockMetres { get; set; } = 5;
}
