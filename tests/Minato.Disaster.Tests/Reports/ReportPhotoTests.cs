using System.Net;
using System.Text;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Xmp;
using Minato.Disaster.Security;
using SkiaSharp;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>Photos: checked by content, size limits, location metadata stripped from the served copy, access scoped.</summary>
public sealed class ReportPhotoTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Json => Point("building-damage", 3, ReportsHost.Lon, ReportsHost.Lat, "photo test");

    private HttpClient Field(string subject) => host.CreateClient(MinatoClaims.Field, subject: subject);

    [Fact]
    public async Task Create_JpegWithGpsExifAndXmp_ServedCopyHasNoLocationMetadata()
    {
        var original = TestImages.JpegWithLocation();
        // The upload really carries the position (so the test would notice if the stripping stopped working).
        var before = ImageMetadataReader.ReadMetadata(new MemoryStream(original));
        var gps = before.OfType<GpsDirectory>().Single().GetGeoLocation();
        Assert.NotNull(gps);
        Assert.Equal(35.6583, gps.Latitude, 3);
        Assert.Contains(before, d => d is XmpDirectory);

        var client = Field("field-photo-gps");
        using var response = await PostMultipartAsync(client, NewKey(), Json, ("IMG_0001.jpg", original, "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = Assert.Single((await JsonAsync(response)).GetProperty("photos").EnumerateArray());
        Assert.Equal("image/jpeg", photo.GetProperty("contentType").GetString());

        using var served = await client.GetAsync(photo.GetProperty("url").GetString(), Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        var bytes = await served.Content.ReadAsByteArrayAsync(Ct);
        var after = ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));
        Assert.Empty(after.OfType<GpsDirectory>());
        Assert.Empty(after.OfType<ExifIfd0Directory>());
        Assert.Empty(after.OfType<XmpDirectory>());
        Assert.DoesNotContain("GPSLatitude", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(bytes);
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'report.photo' AND " +
            "actor = 'field-photo-gps'"));
    }

    [Fact]
    public async Task Create_ExifOrientation6_StoredUpright()
    {
        using var response = await PostMultipartAsync(Field("field-photo-rot"), NewKey(), Json,
            ("rotated.jpg", TestImages.JpegWithLocation(40, 20, orientation: 6), "image/jpeg"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = Assert.Single((await JsonAsync(response)).GetProperty("photos").EnumerateArray());
        Assert.Equal((20, 40), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task Create_TextFileNamedJpg_Returns415AndStoresNothing()
    {
        var text = Encoding.UTF8.GetBytes("this is not a photo, whatever its name says");
        using var response = await PostMultipartAsync(Field("field-photo-txt"), NewKey(), Json, ("x.jpg", text, "image/jpeg"));
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("'x.jpg' is not a JPEG, PNG or WebP image", body, StringComparison.Ordinal);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-photo-txt'"));
    }

    [Fact]
    public async Task Create_TruncatedJpeg_Returns422()
    {
        var jpeg = TestImages.Jpeg(256, 256);
        using var response = await PostMultipartAsync(Field("field-photo-cut"), NewKey(), Json,
            ("cut.jpg", jpeg[..(jpeg.Length / 2)], "image/jpeg"));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-photo-cut'"));
    }

    [Fact]
    public async Task Create_PngNamedJpgAndWebp_DetectedByContent()
    {
        var png = TestImages.Encode(30, 20, SKEncodedImageFormat.Png);
        var webp = TestImages.Encode(30, 20, SKEncodedImageFormat.Webp);
        using var response = await PostMultipartAsync(Field("field-photo-png"), NewKey(), Json,
            ("really-a-png.jpg", png, "image/jpeg"), ("photo.bin", webp, "application/octet-stream"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photos = (await JsonAsync(response)).GetProperty("photos").EnumerateArray()
            .Select(p => p.GetProperty("contentType").GetString()).ToArray();
        Assert.Equal(["image/png", "image/webp"], photos);
    }

    [Fact]
    public async Task Create_PhotoOverTheLimit_Returns413()
    {
        var big = new byte[(8 * 1024 * 1024) + 1];
        TestImages.Jpeg().CopyTo(big, 0);
        using var response = await PostMultipartAsync(Field("field-photo-big"), NewKey(), Json, ("big.jpg", big, "image/jpeg"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("per photo", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TooManyPhotos_Returns413()
    {
        var jpeg = TestImages.Jpeg();
        var six = Enumerable.Range(1, 6).Select(i => ($"p{i}.jpg", jpeg, "image/jpeg")).ToArray();
        using var response = await PostMultipartAsync(Field("field-photo-many"), NewKey(), Json, six);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too many photos", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-photo-many'"));
    }

    [Fact]
    public async Task Create_RequestOverTheLimit_Returns413()
    {
        var chunk = new byte[7 * 1024 * 1024];
        TestImages.Jpeg().CopyTo(chunk, 0);
        using var response = await PostMultipartAsync(Field("field-photo-huge"), NewKey(), Json,
            ("a.jpg", chunk, "image/jpeg"), ("b.jpg", chunk, "image/jpeg"), ("c.jpg", chunk, "image/jpeg"), ("d.jpg", chunk, "image/jpeg"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPhotos_ToOwnReport_StoredAuditedAndIdempotent()
    {
        var client = Field("field-photo-add");
        var id = await CreateAsync(client, Json);
        var key = NewKey();
        var jpeg = TestImages.Jpeg();
        using var first = await SendAsync(client, key, () => Multipart(null, ("later.jpg", jpeg, "image/jpeg")),
            $"/api/reports/{id}/photos");
        using var retry = await SendAsync(client, key, () => Multipart(null, ("later.jpg", jpeg, "image/jpeg")),
            $"/api/reports/{id}/photos");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single((await JsonAsync(retry)).GetProperty("photos").EnumerateArray());
        Assert.Equal(1L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.photos WHERE report_id = {id}"));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE action = 'report.photo' AND " +
            $"entity_id = '{id}'"));
    }

    [Fact]
    public async Task AddPhotos_ToSomeoneElsesReport_Returns403()
    {
        var id = await CreateAsync(Field("field-photo-owner"), Json);
        using var response = await SendAsync(Field("field-photo-stranger"), NewKey(),
            () => Multipart(null, ("x.jpg", TestImages.Jpeg(), "image/jpeg")), $"/api/reports/{id}/photos");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.photos WHERE report_id = {id}"));
    }

    [Fact]
    public async Task GetPhoto_OtherDistrictOrAnonymous_IsRefused()
    {
        using var created = await PostMultipartAsync(Field("field-photo-scope"), NewKey(), Json,
            ("a.jpg", TestImages.Jpeg(), "image/jpeg"));
        var url = Assert.Single((await JsonAsync(created)).GetProperty("photos").EnumerateArray()).GetProperty("url").GetString();

        using var azabu = await host.CreateClient(MinatoClaims.DistrictRole, district: "azabu", subject: "azabu-1").GetAsync(url, Ct);
        using var shiba = await host.CreateClient(MinatoClaims.DistrictRole, district: "shiba", subject: "shiba-1").GetAsync(url, Ct);
        using var anonymous = await host.CreateClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, azabu.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shiba.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
