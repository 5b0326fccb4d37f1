using Microsoft.Playwright;
using Minato.Testing;

namespace Minato.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven by Playwright for .NET (never <c>playwright install</c>: the system browser at
/// /usr/bin/chromium). One browser per test class; each test opens its own context. Screenshots go to
/// .minato/screenshots/.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a browser test waits for something to show (ms): generous, since the 2-core CI machine is shared.</summary>
    public const float Deadline = 30_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private static readonly Lock LogLock = new();

    public static string ScreenshotFolder { get; } = Path.Combine(TestEnvironment.RepositoryRoot, ".minato", "screenshots");

    public IBrowser Instance => _browser ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh page (own context) at phone or desktop size; skips locally (fails under CI) without Chromium or the client
    /// build.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 900, Action<BrowserNewContextOptions>? configure = null)
    {
        if (_browser is null)
        {
            TestEnvironment.Unavailable($"Chromium not found at {ChromiumPath}");
        }

        if (MapServer.ClientBuild is null)
        {
            TestEnvironment.Unavailable("the web client is not built (map-client/web/dist): run ./minato build with npm installed");
        }

        var options = new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        };
        configure?.Invoke(options);
        var context = await Instance.NewContextAsync(options);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        // The page's console and errors, for diagnosis: .minato/screenshots/console.log.
        page.Console += (_, m) => Log($"console.{m.Type}: {m.Text}");
        page.PageError += (_, e) => Log($"page error: {e}");
        page.RequestFailed += (_, r) => Log($"request failed: {r.Url} {r.Failure}");
        return page;
    }

    /// <summary>Closes every page opened so far (their live connections too), so the server can stop promptly.</summary>
    public async Task CloseContextsAsync()
    {
        foreach (var c in _contexts)
        {
            await c.CloseAsync();
        }

        _contexts.Clear();
    }

    internal static void Log(string line)
    {
        lock (LogLock)
        {
            File.AppendAllText(Path.Combine(ScreenshotFolder, "console.log"), $"{line}{Environment.NewLine}");
        }
    }

    /// <summary>Saves a screenshot once the map has drawn its tiles (evidence for the README, not an assertion: a slow map still gets
    /// one).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "() => !window.minatoMap || (window.minatoMap.loaded() && window.minatoMap.areTilesLoaded())", null,
                    new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Log($"screenshot {name}: the map had not finished loading its tiles");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });
    }

    public async ValueTask DisposeAsync()
    {
        await CloseContextsAsync();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
