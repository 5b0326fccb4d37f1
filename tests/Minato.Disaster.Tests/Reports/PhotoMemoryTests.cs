using System.Diagnostics;
using System.Net;
using Minato.Disaster.Security;
using SkiaSharp;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>
/// The photo upload attack of the outside review, repeated against the real server process (its own heap, measured from
/// /proc): four concurrent requests, each with five 7000 × 7000 PNGs of about 200 KB, once took 101 s each and raised
/// the server from 0.56 GB to 6 GB. Then four concurrent requests each with five PNGs at the 16 MP cap, which are
/// decoded. The fixture only prepares the database (ward outline); the host under test is a separate process.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PhotoMemoryTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private const long PeakLimitBytes = 1L << 30;
    // Generous: five 16 MP PNGs decode, scale and re-encode in ~30 s on a loaded 2-core machine; the attack took 150 s.
    private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_FourConcurrentRequestsOfFiveHugePngs_PeakMemoryUnder1GbAndEveryRequestAnswered()
    {
        var huge = TestImages.Encode(7000, 7000, SKEncodedImageFormat.Png);
        var atCap = TestImages.Encode(4000, 4000, SKEncodedImageFormat.Png);
        await using var server = await HostProcess.StartAsync(host.Database.ConnectionString, cancellationToken: Ct);
        var before = server.ResidentBytes();

        var attack = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadAsync(server, $"attack-{i}", huge)));
        var legitimate = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadAsync(server, $"cap-{i}", atCap)));
        var peak = server.PeakResidentBytes();

        static string Outcomes(IEnumerable<(HttpStatusCode Status, TimeSpan Elapsed)> all) =>
            string.Join(", ", all.Select(a => $"{a.Status} in {a.Elapsed.TotalSeconds:F1} s"));
        var report = $"{huge.Length / 1024} KB PNGs 7000×7000: {Outcomes(attack)}; 16 MP PNGs: {Outcomes(legitimate)}; " +
                     $"RSS before {before / 1048576} MiB, peak {peak / 1048576} MiB";
        TestContext.Current.TestOutputHelper?.WriteLine("photo attack: " + report);
        Assert.All(attack, a =>
            Assert.Contains(a.Status, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(attack, a => a.Status == HttpStatusCode.RequestEntityTooLarge);
        Assert.All(legitimate, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(legitimate, a => a.Status == HttpStatusCode.Created);
        Assert.All(attack.Concat(legitimate), a => Assert.True(a.Elapsed < RequestBound, report));
        Assert.True(peak < PeakLimitBytes, report);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed)> UploadAsync(HostProcess server, string subject, byte[] png)
    {
        // A client timeout beyond the bound, so a slow answer is measured rather than cut off.
        using var client = server.CreateClient(MinatoClaims.Field, "field-" + subject, timeout: TimeSpan.FromMinutes(5));
        var json = Point("building-damage", 3, ReportsHost.Lon, ReportsHost.Lat, "photo attack");
        var photos = Enumerable.Range(1, 5).Select(i => ($"{subject}-{i}.png", png, "image/png")).ToArray();
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = Multipart(json, photos) };
        request.Headers.Add("Idempotency-Key", NewKey());
        using var response = await client.SendAsync(request, Ct);
        await response.Content.ReadAsByteArrayAsync(Ct);
        return (response.StatusCode, clock.Elapsed);
    }
}
