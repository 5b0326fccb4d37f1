using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Minato.Gis.Http.Tests.Tiles;

/// <summary>/tiles over the real host and a database of its own; each test works in its own tile.</summary>
public sealed class TilesApiTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    internal static string Shelter(string id, double lon, double lat) => string.Create(CultureInfo.InvariantCulture,
        $"INSERT INTO gis.facilities (kind, source, source_id, name, address, capacity, geom) VALUES ('shelter', 'test', '{id}', " +
        $"'避難所 {id}', '港区', 120, ST_SetSRID(ST_Point({lon}, {lat}), 6668))");

    internal static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var t = Minato.Gis.Tiles.TileCoordinate.FromLonLat(lon, lat, z);
        return (t.X, t.Y);
    }

    internal static VectorTile Decode(byte[] body, int z, int x, int y)
    {
        using var stream = new MemoryStream(body);
        return new MapboxTileReader()
            .Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z), MapboxTileWriter.DefaultIdAttributeName);
    }

    [Fact]
    public async Task GetTile_Shelters_MvtWithTheLayerAndItsFeatures()
    {
        await factory.Database.ExecuteAsync(Shelter("a1", 139.7400, 35.6500));
        await factory.Database.ExecuteAsync(Shelter("a2", 139.7401, 35.6501));
        var (x, y) = TileOf(139.7400, 35.6500, 16);

        var response = await factory.CreateClient().GetAsync($"/tiles/shelters/16/{x}/{y}.mvt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl!.MaxAge);
        Assert.True(response.Headers.CacheControl.Public);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var layer = Assert.Single(Decode(await response.Content.ReadAsByteArrayAsync(), 16, x, y).Layers);
        Assert.Equal("shelters", layer.Name);
        Assert.Equal(2, layer.Features.Count);
        Assert.All(layer.Features, f => Assert.Equal(120L, Convert.ToInt64(f.Attributes["capacity"], CultureInfo.InvariantCulture)));
        Assert.All(layer.Features, f => Assert.False(f.Attributes.Exists("address")));
    }

    [Fact]
    public async Task GetTile_AcceptsGzip_GzippedSameTile()
    {
        await factory.Database.ExecuteAsync(Shelter("g1", 139.7500, 35.6400));
        var (x, y) = TileOf(139.7500, 35.6400, 16);
        var url = $"/tiles/shelters/16/{x}/{y}.mvt";
        var client = factory.CreateClient();
        var plain = await client.GetAsync(url);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var zipped = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        await using var gz = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var body = new MemoryStream();
        await gz.CopyToAsync(body);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), body.ToArray());
        Assert.Equal(plain.Headers.ETag!.Tag.TrimEnd('"') + "-gz\"", zipped.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("gzip;q=0", false)]
    [InlineData("br", false)]
    [InlineData("deflate, GZIP", true)]
    [InlineData("br;q=1.0, gzip;q=0.5", true)]
    [InlineData("*", true)]
    public async Task GetTile_AcceptEncoding_GzipOnlyWhenAccepted(string acceptEncoding, bool gzipped)
    {
        await factory.Database.ExecuteAsync(Shelter("q-" + acceptEncoding, 139.7150, 35.6350));
        var (x, y) = TileOf(139.7150, 35.6350, 16);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tiles/shelters/16/{x}/{y}.mvt");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzipped, response.Content.Headers.ContentEncoding.Contains("gzip"));
    }

    [Fact]
    public async Task GetTile_IfNoneMatchCurrentETag_304()
    {
        await factory.Database.ExecuteAsync(Shelter("e1", 139.7200, 35.6600));
        var (x, y) = TileOf(139.7200, 35.6600, 16);
        var url = $"/tiles/shelters/16/{x}/{y}.mvt";
        var client = factory.CreateClient();
        var first = await client.GetAsync(url);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(request);
        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
        var third = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task GetTile_RowAdded_NextTileReflectsIt()
    {
        await factory.Database.ExecuteAsync(Shelter("c1", 139.7300, 35.6300));
        var (x, y) = TileOf(139.7300, 35.6300, 16);
        var url = $"/tiles/shelters/16/{x}/{y}.mvt";
        var client = factory.CreateClient();
        Assert.Equal(1, await CountAsync(client, url, x, y));

        await factory.Database.ExecuteAsync(Shelter("c2", 139.7301, 35.6301));

        // The cache drops the layer when the notification arrives: poll (cheap cache hits) until then, within a deadline.
        var count = await Wait.ForAsync(() => CountAsync(client, url, x, y), c => c == 2, Deadline, c =>
            $"2 features in the tile (has {c})");

        Assert.Equal(2, count);
    }

    private static async Task<int> CountAsync(HttpClient client, string url, int x, int y)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return Decode(await response.Content.ReadAsByteArrayAsync(), 16, x, y).Layers.Single().Features.Count;
    }

    [Fact]
    public async Task GetTile_SeveralCollections_OneTileWithALayerEach()
    {
        await factory.Database.ExecuteAsync(Shelter("m1", 139.7250, 35.6550));
        await factory.Database.ExecuteAsync(
            "INSERT INTO gis.roads (source, source_id, name, road_class, geom) VALUES ('test', 'm-road', '外苑東通り', 'primary', " +
            "ST_SetSRID(ST_MakeLine(ST_Point(139.7240, 35.6550), ST_Point(139.7260, 35.6550)), 6668))");
        var (x, y) = TileOf(139.7250, 35.6550, 16);

        var response = await factory.CreateClient().GetAsync($"/tiles/roads,shelters,aeds/16/{x}/{y}.mvt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tile = Decode(await response.Content.ReadAsByteArrayAsync(), 16, x, y);
        Assert.Equal(["roads", "shelters"], tile.Layers.Select(l => l.Name)); // aeds is empty there
        Assert.Single(tile.Layers[0].Features);
        Assert.Single(tile.Layers[1].Features);
    }

    [Fact]
    public async Task GetTile_SeveralWithAnUnknown_404NamesIt()
    {
        var response = await factory.CreateClient().GetAsync("/tiles/roads,volcanoes/14/14551/6452.mvt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'volcanoes'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TileJson_SeveralCollections_ListsEveryLayer()
    {
        using var doc = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/tiles/hazard-areas,roads.json"));

        var root = doc.RootElement;
        Assert.Equal("http://localhost/tiles/hazard-areas,roads/{z}/{x}/{y}.mvt", root.GetProperty("tiles")[0].GetString());
        Assert.Equal(10, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(["hazard-areas", "roads"],
            root.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task GetTile_UnknownCollection_404Problem()
    {
        var response = await factory.CreateClient().GetAsync("/tiles/volcanoes/14/14551/6452.mvt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("volcanoes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tiles/roads/23/0/0.mvt", "z must be between 0 and 22")]
    [InlineData("/tiles/roads/14/16384/6452.mvt", "between 0 and 16383")]
    [InlineData("/tiles/roads/14/14551/16384.mvt", "between 0 and 16383")]
    [InlineData("/tiles/roads/a/14551/6452.mvt", "z must be a non-negative integer")]
    [InlineData("/tiles/roads/14/1.5/6452.mvt", "x must be a non-negative integer")]
    [InlineData("/tiles/roads/14/14551/-1.mvt", "y must be a non-negative integer")]
    public async Task GetTile_BadCoordinates_400Problem(string url, string expected)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tiles/shelters/11/1818/806.mvt")] // below the layer's minzoom (12)
    [InlineData("/tiles/shelters/16/58214/25806.mvt")] // no shelter there
    public async Task GetTile_OutsideZoomsOrEmpty_204(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task GetTile_CrossOrigin_AllowedForAnyOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tiles/roads/14/14551/6452.mvt");
        request.Headers.Add("Origin", "https://example.org");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task TileJson_Shelters_DescribesTilesAndFields()
    {
        var response = await factory.CreateClient().GetAsync("/tiles/shelters.json");

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        Assert.Equal("http://localhost/tiles/shelters/{z}/{x}/{y}.mvt", root.GetProperty("tiles")[0].GetString());
        Assert.Equal(12, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(18, root.GetProperty("maxzoom").GetInt32());
        Assert.Equal([139.708, 35.623, 139.783, 35.683], root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("attribution").GetString()));
        var layer = Assert.Single(root.GetProperty("vector_layers").EnumerateArray());
        Assert.Equal("shelters", layer.GetProperty("id").GetString());
        var fields = layer.GetProperty("fields");
        Assert.Equal("String", fields.GetProperty("name").GetString());
        Assert.Equal("Number", fields.GetProperty("capacity").GetString());
        Assert.Equal("Boolean", fields.GetProperty("suits_flood").GetString());
        Assert.False(fields.TryGetProperty("address", out _));
        Assert.False(fields.TryGetProperty("id", out _)); // integer ids travel as MVT feature ids
    }

    [Fact]
    public async Task TileJson_Unknown_404Problem()
    {
        var response = await factory.CreateClient().GetAsync("/tiles/volcanoes.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_ListsTheTileEndpoints()
    {
        using var doc = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi.json"));
        var paths = doc.RootElement.GetProperty("paths");

        var tile = paths.GetProperty("/tiles/{collection}/{z}/{x}/{y}.mvt").GetProperty("get");
        Assert.True(tile.GetProperty("responses").GetProperty("200").GetProperty("content")
            .TryGetProperty("application/vnd.mapbox-vector-tile", out _));
        Assert.True(paths.TryGetProperty("/tiles/{collection}.json", out _));
    }
}
