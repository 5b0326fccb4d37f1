using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Gis.Http.Tiles;

/// <summary>Vector tile settings, section <c>Minato:Tiles</c> (environment: <c>Minato__Tiles__CacheEnabled=false</c>).</summary>
public sealed class TileOptions : IOptionsSection
{
    public static string Section => "Minato:Tiles";

    /// <summary>Keep rendered tiles in memory until their layer changes (off: every request runs ST_AsMVT).</summary>
    public bool CacheEnabled { get; set; } = true;

    /// <summary>Upper bound of the tile cache in MiB (gzipped tiles; least recently used are evicted first).</summary>
    [Range(1, 16_384)]
    public int CacheSizeMegabytes { get; set; } = 64;

    /// <summary><c>Cache-Control: max-age</c> in seconds. Short, because layers change during a disaster (roads blocked,
    /// shelters opened); clients revalidate cheaply with the ETag.</summary>
    [Range(0, 86_400)]
    public int MaxAgeSeconds { get; set; } = 60;

    /// <summary>The <c>Cache-Control</c> header value (built once: options do not change after start-up).</summary>
    internal string CacheControl => _cacheControl ??= $"public, max-age={MaxAgeSeconds}";

    private string? _cacheControl;

    /// <summary>TileJSON <c>attribution</c> before the layers' own credits (HTML allowed by the spec).</summary>
    [Required]
    [MinLength(1)]
    public string Attribution { get; set; } =
        "Minato.Gis (港区 防災情報システム)";
}
