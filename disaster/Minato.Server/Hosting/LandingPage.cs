namespace Minato.Server.Hosting;

/// <summary>The page at <c>/</c> until the web map client (map-client/) is built: where everything is, in Japanese and English.</summary>
internal static class LandingPage
{
    public static IEndpointRouteBuilder MapLandingPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private const string Html = """
        <!doctype html>
        <html lang="ja">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Minato.Gis — 港区 防災情報システム</title>
          <style>
            body { font-family: system-ui, "Noto Sans JP", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111;
                line-height: 1.6; }
            h1 { font-size: 1.5rem; } code { background: #f1f3f5; padding: 0 .25rem; border-radius: 3px; }
            a { color: #0b57d0; } li { margin: .25rem 0; }
          </style>
        </head>
        <body>
          <h1>Minato.Gis — 港区 防災情報システム<br><small>Disaster-information GIS for Minato City</small></h1>
          <p>公開ハザードマップ API / Public hazard-map API (anonymous, read-only):</p>
          <ul>
            <li><a href="/ogc">OGC API – Features</a> — <code>/ogc/collections</code></li>
            <li><a href="/tiles/hazard-areas.json">Vector tiles (TileJSON)</a> — <code>/tiles/{collection}/{z}/{x}/{y}.mvt</code></li>
            <li><a href="/api/hazards/at?lon=139.7454&amp;lat=35.6586">この地点の災害リスク / Hazards at a point</a> —
                <code>/api/hazards/at?lon=&amp;lat=</code></li>
            <li><a href="/docs">API リファレンス / API reference</a> (<a href="/openapi.json">OpenAPI</a>)</li>
          </ul>
        </body>
        </html>
        """;
}
