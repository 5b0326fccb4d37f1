namespace Minato.Disaster.Reports;

/// <summary>
/// A photo ready to store and serve: re-encoded pixels only (no EXIF, XMP or other metadata; orientation applied),
/// with its media type and size. <paramref name="UploadSha256"/> is the hash of the bytes as uploaded.
/// </summary>
public sealed record ProcessedPhoto(string ContentType, int Width, int Height, byte[] Bytes, byte[] UploadSha256);
