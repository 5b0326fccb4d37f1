using Minato.Gis.Configuration;

namespace Minato.Server.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> the server believes, section
/// <c>Minato:ForwardedHeaders</c>. None by default: the headers are then ignored and every limit keys on the TCP peer.
/// Behind a proxy, name it here, or every client shares the proxy's rate-limit bucket and connection cap.
/// </summary>
public sealed class ForwardedHeadersSettings : IOptionsSection
{
    public static string Section => "Minato:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>["10.0.0.5", "::1"]</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>["10.0.0.0/24"]</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in a chain to walk back (each must be trusted).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}
