namespace Minato.Disaster.Reports;

/// <summary>A stored photo of a report; <paramref name="Url"/> serves the metadata-free copy to staff who may see the report.</summary>
public sealed record ReportPhoto(long Id, string Url, string ContentType, int Width, int Height);
