namespace Minato.Disaster.Reports;

/// <summary>An uploaded photo file as received: its file name (only for messages) and content.</summary>
public sealed record PhotoUpload(string FileName, ReadOnlyMemory<byte> Content);
