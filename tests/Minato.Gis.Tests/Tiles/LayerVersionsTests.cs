using Minato.Gis.Tiles;

namespace Minato.Gis.Tests.Tiles;

public sealed class LayerVersionsTests
{
    [Fact]
    public void Observe_SameDatabaseVersion_DoesNotMove()
    {
        var versions = new LayerVersions();
        versions.Observe("roads", 5);
        var before = versions.Get("roads");

        Assert.False(versions.Observe("roads", 5));
        Assert.Equal(before, versions.Get("roads"));
    }

    [Fact]
    public void Observe_DatabaseMovedWithoutNotification_MovesAndReportsIt()
    {
        var versions = new LayerVersions();
        versions.Observe("roads", 5);
        var before = versions.Get("roads");

        Assert.True(versions.Observe("roads", 6));
        Assert.NotEqual(before, versions.Get("roads"));
    }

    [Fact]
    public void Bump_Notification_MovesGeneration()
    {
        var versions = new LayerVersions();
        var before = versions.Get("facilities");

        versions.Bump("facilities");

        Assert.Equal(before + 1, versions.Get("facilities"));
        Assert.Equal(0, versions.Get("roads"));
    }
}
