using System.Globalization;
using System.Security.Cryptography;
using SkiaSharp;

namespace Minato.Disaster.Reports;

/// <summary>
/// Checks an uploaded photo by its content, never by its name or declared type: the magic bytes must say JPEG, PNG or
/// WebP and the whole image must decode (which also rejects truncated files and decompression bombs). The stored copy
/// is re-encoded from the decoded pixels, so nothing of the file's metadata survives (EXIF with GPS position, XMP,
/// IPTC, comments); the EXIF orientation is applied to the pixels first so the photo still stands upright.
/// Memory: an image over <see cref="ReportOptions.MaxImagePixels"/> is refused from its header; JPEG and WebP are
/// decoded at about the stored size; at most one full-size bitmap per call exists at a time (4 bytes a pixel).
/// Thread-safe (stateless); callers bound concurrency with <see cref="PhotoDecodeGate"/>.
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
            return PhotoResult.Refused(413,
                $"photo '{name}' is {content.Length:N0} bytes; the limit is {options.MaxPhotoBytes:N0} bytes per photo");
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

        using var data = SKData.CreateCopy(content.Span);
        using var codec = SKCodec.Create(data);
        if (codec is null || Format(codec.EncodedFormat) != type)
        {
            return PhotoResult.Refused(422, $"photo '{name}' looks like {type} but cannot be read as one / 画像を読み取れません");
        }

        // The header's dimensions, read before a single pixel is decoded: a 208 KB PNG can declare 49 million pixels.
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0 || (long)w * h > options.MaxImagePixels)
        {
            return PhotoResult.Refused(413, string.Create(CultureInfo.InvariantCulture,
                $"photo '{name}' is {w}×{h} pixels; the limit is {options.MaxImagePixels:N0} pixels (Minato:Reports:MaxImagePixels) / " +
                $"画素数が上限({options.MaxImagePixels:N0}画素)を超えています"));
        }

        var size = DecodeSize(codec, options.MaxStoredEdge);
        var alpha = type == "image/jpeg" ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha);
        var pixels = new SKBitmap(info);
        try
        {
            var result = codec.GetPixels(info, pixels.GetPixels());
            if (result != SKCodecResult.Success)
            {
                return PhotoResult.Refused(422, $"photo '{name}' is damaged or incomplete ({result}) / 画像が破損しています");
            }

            // Scale first, so the decoded pixels are freed before anything else is allocated and the orientation is
            // applied to the small copy; each step replaces the bitmap instead of keeping a second full-size copy.
            pixels = Replace(pixels, Scale(pixels, options.MaxStoredEdge));
            pixels = Replace(pixels, Orient(pixels, codec.EncodedOrigin));
            var format = type switch
            {
                "image/png" => SKEncodedImageFormat.Png,
                "image/webp" => SKEncodedImageFormat.Webp,
                _ => SKEncodedImageFormat.Jpeg,
            };
            using var encoded = pixels.Encode(format, JpegQuality);
            if (encoded is null)
            {
                return PhotoResult.Refused(422, $"photo '{name}' could not be re-encoded");
            }

            return PhotoResult.Ok(new ProcessedPhoto(type, pixels.Width, pixels.Height, encoded.ToArray(), SHA256.HashData(content.Span)));
        }
        finally
        {
            pixels.Dispose();
        }
    }

    /// <summary>
    /// The size to decode at: the smallest the codec can produce directly whose long edge still reaches
    /// <paramref name="maxEdge"/>. JPEG decodes at k/8 of its size (libjpeg's DCT scaling) and WebP at any size, so a
    /// large photo never exists at full size in memory; PNG has no scaled decode and answers its full size.
    /// </summary>
    private static SKSizeI DecodeSize(SKCodec codec, int maxEdge)
    {
        var full = codec.Info.Size;
        var edge = Math.Max(full.Width, full.Height);
        if (edge <= maxEdge)
        {
            return full;
        }

        var wanted = (float)maxEdge / edge;
        foreach (var scale in new[] { wanted, 1 / 8f, 2 / 8f, 3 / 8f, 4 / 8f, 5 / 8f, 6 / 8f, 7 / 8f }.Where(s => s >= wanted).Order())
        {
            var size = codec.GetScaledDimensions(scale);
            if (Math.Max(size.Width, size.Height) >= maxEdge && size.Width <= full.Width && size.Height <= full.Height)
            {
                return size;
            }
        }

        return full;
    }

    /// <summary><paramref name="next"/> in place of <paramref name="current"/> (disposed), or current when next is null.</summary>
    private static SKBitmap Replace(SKBitmap current, SKBitmap? next)
    {
        if (next is null)
        {
            return current;
        }

        current.Dispose();
        return next;
    }

    private static string? Format(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Webp => "image/webp",
        _ => null,
    };

    /// <summary>
    /// A copy with the EXIF orientation applied (x' = a·x + b·y + c, y' = d·x + e·y + f per origin); null when upright.
    /// </summary>
    private static SKBitmap? Orient(SKBitmap source, SKEncodedOrigin origin)
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
            return null;
        }

        var swap =
            origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height,
            source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(m.Value);
        canvas.DrawBitmap(source, 0, 0);
        canvas.Flush();
        return result;
    }

    /// <summary>A copy at most <paramref name="maxEdge"/> on its long edge; null when the source is small enough.</summary>
    private static SKBitmap? Scale(SKBitmap source, int maxEdge)
    {
        var edge = Math.Max(source.Width, source.Height);
        if (edge <= maxEdge)
        {
            return null;
        }

        var f = (double)maxEdge / edge;
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(source.Width * f)), Math.Max(1, (int)Math.Round(source.Height * f)),
            source.ColorType, source.AlphaType);
        return source.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }
}
