using System.Security.Cryptography;
using SkiaSharp;

namespace Minato.Disaster.Reports;

/// <summary>
/// Checks an uploaded photo by its content, never by its name or declared type: the magic bytes must say JPEG, PNG or
/// WebP and the whole image must decode (which also rejects truncated files and decompression bombs). The stored copy
/// is re-encoded from the decoded pixels, so nothing of the file's metadata survives (EXIF with GPS position, XMP,
/// IPTC, comments); the EXIF orientation is applied to the pixels first so the photo still stands upright.
/// Thread-safe (stateless).
/// </summary>
public static class PhotoProcessor
{
    private const int JpegQuality = 85;

    /// <summary>The media type named by the first bytes, or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (content.Length >= 12 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    public static PhotoResult Process(PhotoUpload upload, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(options);
        var name = upload.FileName;
        var content = upload.Content;
        if (content.Length > options.MaxPhotoBytes)
        {
            return PhotoResult.Refused(413, $"photo '{name}' is {content.Length:N0} bytes; the limit is {options.MaxPhotoBytes:N0} bytes per photo");
        }

        if (content.Length == 0)
        {
            return PhotoResult.Refused(422, $"photo '{name}' is empty");
        }

        var type = Sniff(content.Span);
        if (type is null)
        {
            return PhotoResult.Refused(415,
                $"photo '{name}' is not a JPEG, PNG or WebP image (checked by its content, not its name) / 写真はJPEG・PNG・WebP画像ではありません");
        }

        using var data = SKData.CreateCopy(content.ToArray());
        using var codec = SKCodec.Create(data);
        if (codec is null || Format(codec.EncodedFormat) != type)
        {
            return PhotoResult.Refused(422, $"photo '{name}' looks like {type} but cannot be read as one / 画像を読み取れません");
        }

        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0 || (long)w * h > options.MaxImagePixels)
        {
            return PhotoResult.Refused(422, $"photo '{name}' is {w}×{h} pixels; the limit is {options.MaxImagePixels:N0} pixels");
        }

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, type == "image/jpeg" ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return PhotoResult.Refused(422, $"photo '{name}' is damaged or incomplete ({result}) / 画像が破損しています");
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var scaled = Scale(upright, options.MaxStoredEdge);
        var format = type switch
        {
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Jpeg,
        };
        using var encoded = scaled.Encode(format, JpegQuality);
        if (encoded is null)
        {
            return PhotoResult.Refused(422, $"photo '{name}' could not be re-encoded");
        }

        return PhotoResult.Ok(new ProcessedPhoto(type, scaled.Width, scaled.Height, encoded.ToArray(), SHA256.HashData(content.Span)));
    }

    private static string? Format(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Webp => "image/webp",
        _ => null,
    };

    /// <summary>A copy with the EXIF orientation applied (x' = a·x + b·y + c, y' = d·x + e·y + f per origin).</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        SKMatrix? m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (m is null)
        {
            return source.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(m.Value);
        canvas.DrawBitmap(source, 0, 0);
        canvas.Flush();
        return result;
    }

    private static SKBitmap Scale(SKBitmap source, int maxEdge)
    {
        var edge = Math.Max(source.Width, source.Height);
        if (edge <= maxEdge)
        {
            return source.Copy();
        }

        var f = (double)maxEdge / edge;
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(source.Width * f)), Math.Max(1, (int)Math.Round(source.Height * f)), source.ColorType, source.AlphaType);
        return source.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }
}
