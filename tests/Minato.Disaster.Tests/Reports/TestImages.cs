using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Minato.Disaster.Tests.Reports;

/// <summary>
/// Real images made in the test: JPEG/PNG/WebP encoded by SkiaSharp, and a JPEG carrying location metadata written by
/// hand — an APP1 Exif segment (big-endian TIFF: IFD0 with Orientation and a GPS IFD pointer; GPS IFD with latitude and
/// longitude as degree/minute/second rationals) and an APP1 XMP packet with exif:GPSLatitude/GPSLongitude.
/// </summary>
internal static class TestImages
{
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.OrangeRed };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>
    /// A PNG whose header declares <paramref name="width"/> × <paramref name="height"/> RGBA pixels but whose image data
    /// holds only the first rows: a reader that trusts the header allocates the whole image before it finds out.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        using var idat = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionLevel.Optimal))
        {
            z.Write(new byte[(1 + (width * 4)) * 2]); // two rows (filter byte 0, then zeros)
        }

        return [.. (ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A JPEG with an Exif GPS position (35°39'30"N 139°44'30"E), an orientation and an XMP packet with the position.</summary>
    public static byte[] JpegWithLocation(int width = 64, int height = 48, ushort orientation = 1)
    {
        var jpeg = Jpeg(width, height);
        var xmp = Encoding.UTF8.GetBytes(
            "http://ns.adobe.com/xap/1.0/\0<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>" +
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='' " +
            "xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='35,39.5N' " +
                "exif:GPSLongitude='139,44.5E'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>");
        return InsertAfterSoi(jpeg, [Segment(0xE1, Exif(orientation)), Segment(0xE1, xmp)]);
    }

    private static byte[] Exif(ushort orientation)
    {
        var tiff = new byte[140];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        // IFD0 at 8: 2 entries (Orientation, GPS IFD pointer), next IFD 0 → 30 bytes, GPS IFD at 38.
        var p = 8;
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(p), 2);
        p += 2;
        p = Entry(tiff, p, 0x0112, 3, 1, (uint)orientation << 16); // SHORT, left-justified in the value field
        p = Entry(tiff, p, 0x8825, 4, 1, 38);
        p += 4;
        // GPS IFD at 38: 4 entries → 54 bytes; rationals at 92 (latitude) and 116 (longitude).
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(p), 4);
        p += 2;
        p = Entry(tiff, p, 0x0001, 2, 2, (uint)'N' << 24);
        p = Entry(tiff, p, 0x0002, 5, 3, 92);
        p = Entry(tiff, p, 0x0003, 2, 2, (uint)'E' << 24);
        p = Entry(tiff, p, 0x0004, 5, 3, 116);
        p += 4;
        Rationals(tiff, 92, (35, 1), (39, 1), (3000, 100));
        Rationals(tiff, 116, (139, 1), (44, 1), (3000, 100));
        return [.. "Exif\0\0"u8, .. tiff];
    }

    private static int Entry(byte[] b, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at + 8), value);
        return at + 12;
    }

    private static void Rationals(byte[] b, int at, params (uint N, uint D)[] values)
    {
        foreach (var (n, d) in values)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), n);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at + 4), d);
            at += 8;
        }
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var s = new byte[4 + payload.Length];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(s, 4);
        return s;
    }

    /// <summary>Inserts segments after SOI and the JFIF APP0 segment (when present).</summary>
    private static byte[] InsertAfterSoi(byte[] jpeg, byte[][] segments)
    {
        var at = 2;
        if (jpeg[2] == 0xFF && jpeg[3] == 0xE0)
        {
            at = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        }

        return [.. jpeg[..at], .. segments.SelectMany(s => s), .. jpeg[at..]];
    }
}
