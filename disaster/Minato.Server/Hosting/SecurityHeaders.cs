namespace Minato.Server.Hosting;

/// <summary>
/// Security headers on every response: <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c>
/// (the staff pages carry their token in <c>?token=</c> until the client moves it to storage: no Referer may leak it);
/// and on every HTML page (the map client's views, the certificate page, the landing page, <c>/docs</c>) a
/// Content-Security-Policy that forbids framing and allows only what the page needs.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>GSI's pale base map, the one outside source the map client may load (off unless <c>?basemap=gsi</c>).</summary>
    internal const string GsiTiles = "https://cyberjapandata.gsi.go.jp";

    /// <summary>
    /// The map client and the server's own pages. MapLibre GL needs <c>blob:</c> workers (older builds; ours ships its
    /// worker under /assets), <c>data:</c>/<c>blob:</c> images (sprites, canvas snapshots) and fetches its tiles
    /// (connect-src). Inline style attributes stay allowed: MapLibre and the panels position elements with them; no
    /// inline script is.
    /// </summary>
    internal const string PagePolicy =
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; "
        + $"img-src 'self' data: blob: {GsiTiles}; connect-src 'self' {GsiTiles}; style-src 'self' 'unsafe-inline'; "
        + "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Scalar's API reference at <c>/docs</c>: its bootstrap is an inline script, its bundle compiles code at run time
    /// (eval, seen in Chromium) and styles itself inline; it loads nothing from elsewhere (the bundle is served by this
    /// host, its default web fonts are off). The page shows public API documentation only. Still no framing.
    /// </summary>
    internal const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public const string DocsPath = "/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                // A page that sets a policy of its own (the certificate: default-src 'none') keeps it; framing is refused anyway.
                var own = headers.ContentSecurityPolicy.ToString();
                headers.ContentSecurityPolicy = own.Length == 0
                    ? context.Request.Path.StartsWithSegments(DocsPath) ? DocsPolicy : PagePolicy
                    : own.Contains("frame-ancestors", StringComparison.Ordinal) ? own : own + "; frame-ancestors 'none'";
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
