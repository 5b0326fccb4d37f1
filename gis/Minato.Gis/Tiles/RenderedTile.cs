using System.IO.Compression;
using System.Security.Cryptography;

namespace Minato.Gis.Tiles;

/// <summary>
/// One rendered Mapbox Vector Tile with its strong entity tag. Holds the gzip form (what the cache keeps, so a cached hit
/// costs no compression), the raw form, or both; the missing one is derived on demand. Immutable; thread-safe.
/// </summary>
public sealed class RenderedTile
{
    private readonly byte[]? _raw;
    private readonly byte[]? _gzip;

    private RenderedTile(byte[]? raw, byte[]? gzip, string etag)
    {
        _raw = raw;
        _gzip = gzip;
        ETag = etag;
        GzipETag = etag.Insert(etag.Length - 1, "-gz");
    }

    /// <summary>A tile without features (the client draws nothing; HTTP answers 204).</summary>
    public static RenderedTile Empty { get; } = new([], null, "\"empty\"");

    /// <summary>Strong ETag of the content (quoted hash of the raw MVT bytes); the gzip representation appends <c>-gz</c>.</summary>
    public string ETag { get; }

    public bool IsEmpty => (_raw?.Length ?? 0) == 0 && _gzip is null;

    /// <summary>Bytes held in memory (for the cache's size bound).</summary>
    public long Size => (_raw?.Length ?? 0) + (_gzip?.Length ?? 0) + 64;

    /// <summary>A freshly rendered tile; <paramref name="compress"/> gzips it now (to be cached) and keeps only that form.</summary>
    public static RenderedTile FromMvt(byte[] mvt, CompressionLevel? compress)
    {
        ArgumentNullException.ThrowIfNull(mvt);
        if (mvt.Length == 0)
        {
            return Empty;
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(mvt).AsSpan(0, 16)) + "\"";
        return compress is { } level ? new RenderedTile(null, Gzip(mvt, level), etag) : new RenderedTile(mvt, null, etag);
    }

    /// <summary>Several layers' tiles as one tile: MVT layers are a repeated protobuf field, so concatenating the tiles'
    /// bytes gives a valid tile holding every layer. Empty parts are skipped.</summary>
    public static RenderedTile Combine(IReadOnlyList<RenderedTile> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var raw = parts.Where(p => !p.IsEmpty).Select(p => p.GetRaw()).ToList();
        return raw.Count switch
        {
            0 => Empty,
            1 => parts.First(p => !p.IsEmpty),
            _ => FromMvt([.. raw.SelectMany(r => r)], compress: null),
        };
    }

    /// <summary>The gzip representation's ETag.</summary>
    public string GzipETag { get; }

    /// <summary>The MVT bytes (decompressed from the gzip form if that is all that is held).</summary>
    public byte[] GetRaw() => _raw ?? Gunzip(_gzip!);

    /// <summary>The gzipped MVT bytes (compressed now, quickly, if only the raw form is held).</summary>
    public byte[] GetGzip() => _gzip ?? Gzip(_raw!, CompressionLevel.Fastest);

    private static byte[] Gzip(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream(data.Length / 2 + 64);
        using (var gz = new GZipStream(output, level, leaveOpen: true))
        {
            gz.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(data.Length * 3);
        gz.CopyTo(output);
        return output.ToArray();
    }
}
