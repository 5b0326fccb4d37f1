using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Reports;
using Minato.Disaster.Security;
using SkiaSharp;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>What bounds the memory a photo upload can take: the pixel cap read from the header, the decode at about the
/// stored size, and the cap on requests decoding at once.</summary>
public sealed class PhotoLimitsTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Json => Point("building-damage", 3, ReportsHost.Lon, ReportsHost.Lat, "photo limits");

    private HttpClient Field(string subject) => host.CreateClient(MinatoClaims.Field, subject: subject);

    [Fact]
    public async Task Create_PngDeclaringMoreThan16Megapixels_Returns413NamingTheLimitWithoutDecoding()
    {
        // 7000 × 7000 (49 MP) was under the old 50 MP cap: it was decoded (196 MB) and then found incomplete (422).
        using var huge = await PostMultipartAsync(Field("field-limits-huge"), NewKey(), Json,
            ("bomb.png", TestImages.PngHeaderOnly(7000, 7000), "image/png"));
        // One pixel row over 16 MP.
        using var over = await PostMultipartAsync(Field("field-limits-over"), NewKey(), Json,
            ("over.png", TestImages.PngHeaderOnly(4000, 4001), "image/png"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
        var detail = (await JsonAsync(huge)).GetProperty("detail").GetString();
        Assert.Contains("7000×7000", detail, StringComparison.Ordinal);
        Assert.Contains("16,000,000 pixels", detail, StringComparison.Ordinal);
        Assert.Contains("MaxImagePixels", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.reports WHERE reported_by IN ('field-limits-huge', 'field-limits-over')"));
    }

    [Fact]
    public async Task Create_PngOfExactly16Megapixels_StoredScaledToTheLongEdge()
    {
        using var response = await PostMultipartAsync(Field("field-limits-16mp"), NewKey(), Json,
            ("16mp.png", TestImages.Encode(4000, 4000, SKEncodedImageFormat.Png), "image/png"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = Assert.Single((await JsonAsync(response)).GetProperty("photos").EnumerateArray());
        Assert.Equal((2560, 2560), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task Create_12MegapixelPhoto_DecodedReducedAndStoredAtTheLongEdge(SKEncodedImageFormat format, string type)
    {
        // JPEG decodes at 6/8 (3000 × 2250, the smallest k/8 still ≥ 2560) and is then scaled; WebP decodes at 2560 × 1920.
        var upload = TestImages.Encode(4000, 3000, format);
        using var response = await PostMultipartAsync(Field("field-limits-12mp"), NewKey(), Json, ("12mp", upload, type));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = Assert.Single((await JsonAsync(response)).GetProperty("photos").EnumerateArray());
        Assert.Equal((2560, 1920), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
        using var served = await Field("field-limits-12mp").GetAsync(photo.GetProperty("url").GetString(), Ct);
        using var decoded = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal((2560, 1920), (decoded.Width, decoded.Height));
        // The picture survived the reduced decode: the top-left quarter is still orange-red, the rest steel blue.
        Assert.True(decoded.GetPixel(100, 100).Red > 200, $"top-left is {decoded.GetPixel(100, 100)}");
        Assert.True(decoded.GetPixel(2400, 1800).Blue > 150, $"bottom-right is {decoded.GetPixel(2400, 1800)}");
    }

    [Fact]
    public async Task Create_EveryDecodingSlotTaken_Returns503WithRetryAfterThenTheRetrySucceeds()
    {
        var gate = host.Services.GetRequiredService<PhotoDecodeGate>();
        var options = host.Services.GetRequiredService<ReportOptions>();
        var client = Field("field-limits-busy");
        var key = NewKey();
        var png = TestImages.Encode(64, 48, SKEncodedImageFormat.Png);
        var slots = Enumerable.Range(0, options.MaxConcurrentPhotoDecodes).Select(_ => gate.TryEnter()).ToList();
        HttpResponseMessage busy;
        try
        {
            Assert.All(slots, s => Assert.NotNull(s));
            Assert.Null(gate.TryEnter());
            busy = await PostMultipartAsync(client, key, Json, ("a.png", png, "image/png"));
            // A report without photos decodes nothing and is not held back.
            using var plain = await PostAsync(client, NewKey(), Json);
            Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        }
        finally
        {
            slots.ForEach(s => s?.Dispose());
        }

        using var retry = await PostMultipartAsync(client, key, Json, ("a.png", png, "image/png"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(options.PhotoBusyRetryAfterSeconds), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MaxConcurrentPhotoDecodes", (await JsonAsync(busy)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        busy.Dispose();
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(2L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-limits-busy'"));
    }
}
