using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Minato.Gis.Http.Tests.Tiles;

/// <summary>The host with <c>Minato:Tiles:CacheEnabled=false</c> (the benchmark's uncached mode).</summary>
public sealed class UncachedTilesFactory : MinatoApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:Tiles:CacheEnabled", "false");
    }
}

public sealed class UncachedTilesApiTests(UncachedTilesFactory factory) : IClassFixture<UncachedTilesFactory>
{
    [Fact]
    public async Task GetTile_CacheDisabled_EveryRequestSeesTheDatabase()
    {
        await factory.Database.ExecuteAsync(TilesApiTests.Shelter("u1", 139.7350, 35.6550));
        var (x, y) = TilesApiTests.TileOf(139.7350, 35.6550, 16);
        var url = $"/tiles/shelters/16/{x}/{y}.mvt";
        var client = factory.CreateClient();
        var first = await client.GetAsync(url);

        await factory.Database.ExecuteAsync(TilesApiTests.Shelter("u2", 139.7351, 35.6551));
        var second = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(TilesApiTests.Decode(await first.Content.ReadAsByteArrayAsync(), 16, x, y).Layers[0].Features);
        Assert.Equal(2, TilesApiTests.Decode(await second.Content.ReadAsByteArrayAsync(), 16, x, y).Layers[0].Features.Count);
    }
}
