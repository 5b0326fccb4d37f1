using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Gis.Features;

/// <summary>Paging limits of the OGC items endpoint (configuration section <c>Minato:Ogc</c>).</summary>
public sealed class FeatureQueryOptions : IOptionsSection
{
    public static string Section => "Minato:Ogc";

    /// <summary>Features per page when the request has no <c>limit</c>.</summary>
    [Range(1, 100_000)]
    public int DefaultLimit { get; set; } = 100;

    /// <summary>Largest page; a larger <c>limit</c> is clamped to it (OGC API Features /req/core/fc-limit-response-1).</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 10_000;
}
