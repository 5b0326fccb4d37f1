using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Minato.Server.Hosting;

/// <summary>
/// Serves the web map client (map-client/web, built by <c>./minato build</c> into <c>map-client/web/dist</c>): the
/// views <c>/</c> (public hazard map), <c>/hq</c>, <c>/district/{id}</c>, <c>/shelter/{id}</c> and <c>/field</c> (the
/// field staff's phone page), <c>/register</c> (shelter check-in registration), <c>/shelter/{id}/checkin</c> (a centre's
/// check-in tablet), <c>/s/{station}</c> (stay facilities near a station) and <c>/facility/{id}</c> (a stay facility's staff
/// console) all return its index.html (the client picks
/// the view from the path), <c>/assets/*</c> its
/// hashed, immutable bundles, and <c>/sw.js</c> the service worker that keeps the app shell for offline use. Where the
/// build is: <c>Minato:MapClient:Path</c>, else <c>map-client/</c> beside the binaries, else the first
/// <c>map-client/web/dist</c> above the binaries or the content root. When there is no build, <c>/</c> stays the
/// <see cref="LandingPage"/>.
/// </summary>
internal static partial class MapClientHosting
{
    public const string PathSetting = "Minato:MapClient:Path";

    private static readonly string[] Views =
        ["/", "/hq", "/district/{id}", "/shelter/{id}", "/field", "/register", "/shelter/{id}/checkin", "/s/{station}", "/facility/{id}"];

    public static WebApplication MapMapClient(this WebApplication app)
    {
        var root = FindBuild(app.Configuration[PathSetting], AppContext.BaseDirectory, app.Environment.ContentRootPath);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MapClientHosting));
        if (root is null)
        {
            LogNotBuilt(logger);
            app.MapLandingPage();
            return app;
        }

        LogServing(logger, root);
        var index = Path.Combine(root, "index.html");
        foreach (var view in Views)
        {
            app.MapGet(view, () => TypedResults.PhysicalFile(index, "text/html; charset=utf-8"))
                .AddEndpointFilter(async (context, next) =>
                {
                    // The page names the hashed bundles: it must be revalidated so a new build is picked up at once.
                    context.HttpContext.Response.Headers.CacheControl = "no-cache";
                    return await next(context);
                })
                .ExcludeFromDescription();
        }

        var worker = Path.Combine(root, "sw.js");
        if (File.Exists(worker))
        {
            // A service worker must come from the scope it controls (/) and be revalidated, so a new build replaces it.
            app.MapGet("/sw.js", (HttpContext context) =>
                {
                    context.Response.Headers.CacheControl = "no-cache";
                    return TypedResults.PhysicalFile(worker, "text/javascript; charset=utf-8");
                })
                .ExcludeFromDescription();
        }

        var assets = Path.Combine(root, "assets");
        if (Directory.Exists(assets))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(assets),
                RequestPath = "/assets",
                // Vite names bundles by content hash (index-C_a-zfaZ.js): those never change; anything else is revalidated.
                OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] =
                    HashedName().IsMatch(ctx.File.Name) ? "public, max-age=31536000, immutable" : "no-cache",
            });
        }

        return app;
    }

    /// <summary>The folder holding the client's index.html, or null when the client is not built.</summary>
    internal static string? FindBuild(string? configured, params string[] startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in startDirectories)
        {
            var beside = Path.Combine(start, "map-client");
            if (File.Exists(Path.Combine(beside, "index.html")))
            {
                return beside;
            }

            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dist = Path.Combine(dir.FullName, "map-client", "web", "dist");
                if (File.Exists(Path.Combine(dist, "index.html")))
                {
                    return dist;
                }
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"-[A-Za-z0-9_-]{8}\.(js|css)$")]
    private static partial System.Text.RegularExpressions.Regex HashedName();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "web map client not built (run ./minato build with npm installed): / serves the index page")]
    private static partial void LogNotBuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "serving the web map client from {Root}")]
    private static partial void LogServing(ILogger logger, string root);
}
