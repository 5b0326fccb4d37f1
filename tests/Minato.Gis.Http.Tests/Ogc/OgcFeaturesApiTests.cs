using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Layers;

namespace Minato.Gis.Http.Tests.Ogc;

/// <summary>OGC API Features Part 1 and 2 over HTTP against the real host and PostGIS.</summary>
public sealed class OgcFeaturesApiTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Landing_Get_LinksToApiConformanceAndData()
    {
        using var doc = await GetJsonAsync("/ogc", "application/json");

        var links = Links(doc.RootElement);
        foreach (var rel in new[] { "self", "service-desc", "service-doc", "conformance", "data" })
        {
            Assert.True(links.ContainsKey(rel), $"landing page has no '{rel}' link");
            Assert.StartsWith("http://localhost/", links[rel], StringComparison.Ordinal);
        }

        Assert.Equal("http://localhost/openapi.json", links["service-desc"]);
        Assert.Equal("http://localhost/ogc/collections", links["data"]);
    }

    [Fact]
    public async Task Conformance_Get_DeclaresCoreGeoJsonOas30AndCrs()
    {
        using var doc = await GetJsonAsync("/ogc/conformance", "application/json");

        var classes = doc.RootElement.GetProperty("conformsTo").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
        Assert.DoesNotContain("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html", classes);
    }

    [Fact]
    public async Task Collections_Get_EveryCatalogLayerWithCrsList()
    {
        var catalog = factory.Services.GetRequiredService<LayerCatalog>();

        using var doc = await GetJsonAsync("/ogc/collections", "application/json");

        var collections = doc.RootElement.GetProperty("collections").EnumerateArray().ToArray();
        Assert.Equal(catalog.All.Select(l => l.Id), collections.Select(c => c.GetProperty("id").GetString()));
        Assert.All(collections, c =>
        {
            Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/6668", c.GetProperty("storageCrs").GetString());
            Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/6677", c.GetProperty("crs").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("http://localhost/ogc/collections/" + c.GetProperty("id").GetString() + "/items", Links(c)["items"]);
        });
    }

    [Fact]
    public async Task Collection_WithRows_ExtentFromRowsAndTemporalRange()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "h1", "flood", 2, 3.0, "2020-05-01");
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "h2", "flood", 3, 5.0, "2023-03-31");

        using var doc = await GetJsonAsync("/ogc/collections/hazard-areas", "application/json");

        var extent = doc.RootElement.GetProperty("extent");
        var bbox = extent.GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal([139.74, 35.64, 139.75, 35.65], bbox.Select(v => Math.Round(v, 6)));
        var interval = extent.GetProperty("temporal").GetProperty("interval")[0];
        Assert.Equal("2020-05-01T00:00:00Z", interval[0].GetString());
        Assert.Equal("2023-03-31T00:00:00Z", interval[1].GetString());
        Assert.Equal("feature", doc.RootElement.GetProperty("itemType").GetString());
    }

    [Theory]
    [InlineData("/ogc/collections/no-such-layer")]
    [InlineData("/ogc/collections/no-such-layer/items")]
    [InlineData("/ogc/collections/no-such-layer/items/1")]
    [InlineData("/ogc/collections/no-such-layer/queryables")]
    public async Task UnknownCollection_Any_Returns404ProblemWithOgcCode(string path)
    {
        var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("NotFound", doc.RootElement.GetProperty("code").GetString());
        Assert.Contains("no-such-layer", doc.RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_Default_GeoJsonCollectionInCrs84WithCounts()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "芝小学校", 139.7454, 35.6586, 500, true);

        var response = await factory.CreateClient().GetAsync("/ogc/collections/shelters/items", Ct);

        response.EnsureSuccessStatusCode();
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = doc.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.Equal(1, root.GetProperty("numberMatched").GetInt64());
        Assert.Equal(1, root.GetProperty("numberReturned").GetInt32());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timeStamp").GetString(), CultureInfo.InvariantCulture, out _));
        var feature = root.GetProperty("features")[0];
        Assert.Equal(1, feature.GetProperty("id").GetInt64());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal([139.7454, 35.6586], Coordinates(feature));
        var properties = feature.GetProperty("properties");
        Assert.Equal("芝小学校", properties.GetProperty("name").GetString());
        Assert.Equal(500, properties.GetProperty("capacity").GetInt32());
        Assert.True(properties.GetProperty("suits_earthquake").GetBoolean());
        Assert.EndsWith("Z", properties.GetProperty("updated_at").GetString(), StringComparison.Ordinal);
        Assert.False(properties.TryGetProperty("note", out _), "unpublished columns must not leak");
        Assert.False(properties.TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Items_LayerFilter_OnlyTheLayersKind()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 3);
        await OgcTestData.InsertShelterAsync(factory.Database, "s", 139.75, 35.65, null, true);

        using var aeds = await GetJsonAsync("/ogc/collections/aeds/items");
        using var shelters = await GetJsonAsync("/ogc/collections/shelters/items");

        Assert.Equal(3, aeds.RootElement.GetProperty("numberMatched").GetInt64());
        Assert.Equal(1, shelters.RootElement.GetProperty("numberMatched").GetInt64());
    }

    [Fact]
    public async Task Items_Paging_NextLinksVisitEveryFeatureOnce()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 25);
        var client = factory.CreateClient();
        var ids = new List<long>();
        var url = "/ogc/collections/aeds/items?limit=10";
        var pages = 0;

        while (url is not null)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(url, Ct));
            pages++;
            Assert.Equal(25, doc.RootElement.GetProperty("numberMatched").GetInt64());
            ids.AddRange(doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            var links = Links(doc.RootElement);
            Assert.Equal(pages > 1, links.ContainsKey("prev"));
            url = links.GetValueOrDefault("next");
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Items_Offset_PrevLinkAndFiltersKept()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 25);

        using var doc = await GetJsonAsync("/ogc/collections/aeds/items?bbox=139.7,35.6,139.8,35.7&limit=10&offset=12");

        var links = Links(doc.RootElement);
        Assert.Equal(10, doc.RootElement.GetProperty("numberReturned").GetInt32());
        Assert.Equal(13, doc.RootElement.GetProperty("features")[0].GetProperty("id").GetInt64());
        Assert.Equal("http://localhost/ogc/collections/aeds/items?bbox=139.7,35.6,139.8,35.7&limit=10&offset=2", links["prev"]);
        Assert.Equal("http://localhost/ogc/collections/aeds/items?bbox=139.7,35.6,139.8,35.7&limit=10&offset=22", links["next"]);
    }

    [Fact]
    public async Task Items_OffsetPastEnd_EmptyPageNoNext()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertAedsAsync(factory.Database, 5);

        using var doc = await GetJsonAsync("/ogc/collections/aeds/items?offset=50");

        Assert.Equal(0, doc.RootElement.GetProperty("numberReturned").GetInt32());
        Assert.Equal(5, doc.RootElement.GetProperty("numberMatched").GetInt64());
        Assert.False(Links(doc.RootElement).ContainsKey("next"));
    }

    [Fact]
    public async Task Items_Bbox_SameFeaturesInEveryBboxCrs()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "in", 139.745, 35.655, null, true);
        await OgcTestData.InsertShelterAsync(factory.Database, "out", 139.775, 35.675, null, true);
        // The same box, lon 139.74–139.75 lat 35.65–35.66, in each bbox-crs's own axis order (made by PostGIS).
        var plane = await BoxInAsync(6677);
        var mercator = await BoxInAsync(3857);

        string[][] expected = [["in"]];
        var queries = new[]
        {
            "bbox=139.74,35.65,139.75,35.66",
            "bbox=35.65,139.74,35.66,139.75&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6668",
            "bbox=35.65,139.74,35.66,139.75&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326",
            $"bbox={plane.MinN},{plane.MinE},{plane.MaxN},{plane.MaxE}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6677",
            $"bbox={mercator.MinE},{mercator.MinN},{mercator.MaxE},{mercator.MaxN}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857",
        };
        foreach (var q in queries)
        {
            using var doc = await GetJsonAsync("/ogc/collections/shelters/items?" + q);
            Assert.Equal(["in"], Names(doc));
        }

        using var all = await GetJsonAsync("/ogc/collections/shelters/items?bbox=139.7,35.6,139.8,35.7");
        Assert.Equal(["in", "out"], Names(all));
    }

    [Fact]
    public async Task Items_Crs6668_LatLonOrderAndContentCrs()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "s", 139.7454, 35.6586, null, true);

        var response = await factory.CreateClient()
            .GetAsync("/ogc/collections/shelters/items?crs=http://www.opengis.net/def/crs/EPSG/0/6668", Ct);

        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/6668>", response.Headers.GetValues("Content-Crs").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal([35.6586, 139.7454], Coordinates(doc.RootElement.GetProperty("features")[0]));
    }

    [Theory]
    [InlineData(6677, true)]
    [InlineData(3857, false)]
    public async Task Items_MetricCrs_MatchesPostgisToOneMillimetre(int srid, bool northingFirst)
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "s", 139.7454, 35.6586, null, true);
        var x = await factory.Database.ScalarAsync<double>($"SELECT ST_X(ST_Transform(geom, {srid})) FROM gis.facilities");
        var y = await factory.Database.ScalarAsync<double>($"SELECT ST_Y(ST_Transform(geom, {srid})) FROM gis.facilities");

        var response = await factory.CreateClient()
            .GetAsync($"/ogc/collections/shelters/items?crs=http://www.opengis.net/def/crs/EPSG/0/{srid}", Ct);

        Assert.Equal($"<http://www.opengis.net/def/crs/EPSG/0/{srid}>", response.Headers.GetValues("Content-Crs").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var c = Coordinates(doc.RootElement.GetProperty("features")[0]);
        var (east, north) = northingFirst ? (c[1], c[0]) : (c[0], c[1]);
        Assert.Equal(x, east, 0.001);
        Assert.Equal(y, north, 0.001);
    }

    [Fact]
    public async Task Items_Datetime_FiltersDateColumnByInstantIntervalAndOpenEnds()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "old", "flood", 1, 0.5, "2019-06-01");
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "new", "flood", 2, 3.0, "2024-06-01");

        Assert.Equal(["old"], await HazardIdsAsync("datetime=2019-06-01"));
        Assert.Equal(["old"], await HazardIdsAsync("datetime=2019-06-01T12:00:00Z"));
        Assert.Empty(await HazardIdsAsync("datetime=2019-06-02"));
        Assert.Equal(["old", "new"], await HazardIdsAsync("datetime=2019-01-01/2024-12-31"));
        Assert.Equal(["new"], await HazardIdsAsync("datetime=2020-01-01T00:00:00Z/.."));
        Assert.Equal(["old"], await HazardIdsAsync("datetime=../2020-01-01"));
        Assert.Equal(["new"], await HazardIdsAsync("datetime=2024-06-01/"));
    }

    [Fact]
    public async Task Items_PropertyFilters_TypedEquality()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "a", 139.74, 35.65, 500, true);
        await OgcTestData.InsertShelterAsync(factory.Database, "b", 139.75, 35.65, 300, false);
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "h1", "flood", 2, 0.3, "2020-01-01");
        await OgcTestData.InsertHazardAreaAsync(factory.Database, "h2", "tsunami", 4, 3.5, "2020-01-01");

        using var byCapacity = await GetJsonAsync("/ogc/collections/shelters/items?capacity=500");
        using var closed = await GetJsonAsync("/ogc/collections/shelters/items?is_open=false");
        using var byName = await GetJsonAsync("/ogc/collections/shelters/items?name=b&capacity=300");
        using var none = await GetJsonAsync("/ogc/collections/shelters/items?name=a&is_open=false");

        Assert.Equal(["a"], Names(byCapacity));
        Assert.Equal(["b"], Names(closed));
        Assert.Equal(["b"], Names(byName));
        Assert.Empty(Names(none));
        // depth_max_m is a real column: 0.3 must match the float4 value, not its float8 widening.
        Assert.Equal(["h1"], await HazardIdsAsync("depth_max_m=0.3"));
        Assert.Equal(["h2"], await HazardIdsAsync("kind=tsunami&rank=4"));
    }

    [Theory]
    [InlineData("/ogc/collections/shelters/items?limit=0", "limit")]
    [InlineData("/ogc/collections/shelters/items?limit=ten", "limit")]
    [InlineData("/ogc/collections/shelters/items?offset=-3", "offset")]
    [InlineData("/ogc/collections/shelters/items?bbox=1,2,3", "bbox")]
    [InlineData("/ogc/collections/shelters/items?bbox=139.7,35.6,0,139.8,35.7,100", "bbox")]
    [InlineData("/ogc/collections/shelters/items?bbox=139.8,35.6,139.7,35.7", "bbox")]
    [InlineData("/ogc/collections/shelters/items?bbox=1,2,3,4&bbox-crs=EPSG:9999", "bbox-crs")]
    [InlineData("/ogc/collections/shelters/items?crs=http://www.opengis.net/def/crs/EPSG/0/2451", "crs")]
    [InlineData("/ogc/collections/districts/items?datetime=2025-01-01", "datetime")]
    [InlineData("/ogc/collections/hazard-areas/items?datetime=soon", "datetime")]
    [InlineData("/ogc/collections/hazard-areas/items?datetime=2025-02-01/2025-01-01", "datetime")]
    [InlineData("/ogc/collections/shelters/items?capacity=many", "capacity")]
    [InlineData("/ogc/collections/shelters/items?is_open=yes", "is_open")]
    [InlineData("/ogc/collections/shelters/items?updated_at=2025-01-01T00:00:00Z", "updated_at")]
    [InlineData("/ogc/collections/shelters/items?colour=red", "colour")]
    [InlineData("/ogc/collections/shelters/items?limit=1&limit=2", "limit")]
    [InlineData("/ogc/collections/shelters/items?f=html", "f")]
    [InlineData("/ogc/collections/shelters/items/1?bbox=1,2,3,4", "bbox")]
    [InlineData("/ogc/collections/shelters/items/1?crs=EPSG:1", "crs")]
    public async Task Request_BadParameter_Returns400ProblemNamingIt(string path, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, doc.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(doc.RootElement.GetProperty("code").GetString(), new[] { "InvalidParameterValue", "UnknownParameter" });
        Assert.Equal(doc.RootElement.GetProperty("detail").GetString(), doc.RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Feature_ById_GeoJsonFeatureWithLinks()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "芝公園", 139.7454, 35.6586, 100, true);

        var response = await factory.CreateClient().GetAsync("/ogc/collections/shelters/items/1", Ct);

        response.EnsureSuccessStatusCode();
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Feature", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("芝公園", doc.RootElement.GetProperty("properties").GetProperty("name").GetString());
        var links = Links(doc.RootElement);
        Assert.Equal("http://localhost/ogc/collections/shelters/items/1", links["self"]);
        Assert.Equal("http://localhost/ogc/collections/shelters", links["collection"]);
    }

    [Fact]
    public async Task Feature_Crs6677_NorthingFirst()
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "s", 139.7454, 35.6586, null, true);

        var response = await factory.CreateClient().GetAsync("/ogc/collections/shelters/items/1?crs=EPSG:6677", Ct);

        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/6677>", response.Headers.GetValues("Content-Crs").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var c = doc.RootElement.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.InRange(c[0], -38_000, -37_000); // X = northing: ~37 km south of 36°N
        Assert.InRange(c[1], -8_500, -7_500); // Y = easting: ~8 km west of 139°50'E
    }

    [Theory]
    [InlineData("/ogc/collections/shelters/items/999")]
    [InlineData("/ogc/collections/shelters/items/abc")]
    [InlineData("/ogc/collections/shelters/items/99999999999999999999999")]
    [InlineData("/ogc/collections/aeds/items/1")]
    public async Task Feature_Missing_Returns404Problem(string path)
    {
        await OgcTestData.ResetAsync(factory.Database);
        await OgcTestData.InsertShelterAsync(factory.Database, "s", 139.7454, 35.6586, null, true);

        var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Queryables_Shelters_TypedSchemaOfQueryableProperties()
    {
        using var doc = await GetJsonAsync("/ogc/collections/shelters/queryables", "application/schema+json");

        var properties = doc.RootElement.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("capacity").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("is_open").GetProperty("type").GetString());
        Assert.False(properties.TryGetProperty("updated_at", out _));
    }

    [Fact]
    public async Task OpenApi_OgcEndpoints_Version30WithSummariesAndItemsParameters()
    {
        using var doc = await GetJsonAsync("/openapi.json", null);

        Assert.StartsWith("3.0", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/{collectionId}",
            "/ogc/collections/{collectionId}/items", "/ogc/collections/{collectionId}/items/{featureId}" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()), path);
        }

        var parameters = paths.GetProperty("/ogc/collections/{collectionId}/items").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("bbox", parameters);
        Assert.Contains("bbox-crs", parameters);
        Assert.Contains("crs", parameters);
        Assert.Contains("limit", parameters);
        Assert.Contains("datetime", parameters);
    }

    [Fact]
    public async Task Items_CrossOrigin_AllowedAndContentCrsExposed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/shelters/items");
        request.Headers.Add("Origin", "https://example.org");

        var response = await factory.CreateClient().SendAsync(request, Ct);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Crs", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, string? mediaType = "application/geo+json")
    {
        var response = await factory.CreateClient().GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(body);
    }

    private async Task<string[]> HazardIdsAsync(string query)
    {
        using var doc = await GetJsonAsync("/ogc/collections/hazard-areas/items?" + query);
        var ids = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToArray();
        var sourceIds = new List<string>();
        foreach (var id in ids)
        {
            sourceIds.Add(await factory.Database.ScalarAsync<string>($"SELECT source_id FROM gis.hazard_areas WHERE id = {id}"));
        }

        return [.. sourceIds];
    }

    private async Task<(string MinE, string MinN, string MaxE, string MaxN)> BoxInAsync(int srid)
    {
        async Task<string> Q(string f) => (await factory.Database.ScalarAsync<double>(
            $"SELECT {f}(ST_Transform(ST_SetSRID(ST_MakeBox2D(ST_Point(139.74, 35.65), ST_Point(139.75, 35.66)), 6668), {srid}))"))
            .ToString("R", CultureInfo.InvariantCulture);
        return (await Q("ST_XMin"), await Q("ST_YMin"), await Q("ST_XMax"), await Q("ST_YMax"));
    }

    private static string[] Names(JsonDocument doc) =>
        [.. doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("name").GetString()!)];

    private static double[] Coordinates(JsonElement feature) =>
        [.. feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(e => e.GetDouble())];

    private static Dictionary<string, string> Links(JsonElement element)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in element.GetProperty("links").EnumerateArray())
        {
            links.TryAdd(link.GetProperty("rel").GetString()!, link.GetProperty("href").GetString()!);
        }

        return links;
    }
}
