using Minato.Disaster.Shelters;
using Minato.Disaster.Text;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>The crowding bands at their edges: &lt; 50 % vacant, 50–&lt;80 % somewhat crowded, 80–&lt;100 % crowded, ≥ 100 %
/// full.</summary>
public sealed class CrowdingTests
{
    [Theory]
    [InlineData(0, 100, Crowding.Vacant)]
    [InlineData(49, 100, Crowding.Vacant)]
    [InlineData(50, 100, Crowding.SomewhatCrowded)]
    [InlineData(79, 100, Crowding.SomewhatCrowded)]
    [InlineData(80, 100, Crowding.Crowded)]
    [InlineData(99, 100, Crowding.Crowded)]
    [InlineData(100, 100, Crowding.Full)]
    [InlineData(250, 100, Crowding.Full)]
    [InlineData(1, 3, Crowding.Vacant)]           // 33 %
    [InlineData(2, 3, Crowding.SomewhatCrowded)]  // 66.7 %
    [InlineData(4, 5, Crowding.Crowded)]          // exactly 80 %
    [InlineData(1, 2, Crowding.SomewhatCrowded)]  // exactly 50 %
    [InlineData(449, 450, Crowding.Crowded)]
    [InlineData(20_000, 20_000, Crowding.Full)]
    public void Level_AtBandEdges_IsTheBand(int headcount, int capacity, string expected) =>
        Assert.Equal(expected, Crowding.Level(headcount, capacity));

    [Fact]
    public void Level_UnknownCapacity_IsUnknown() => Assert.Equal(Crowding.Unknown, Crowding.Level(10, null));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Level_ZeroCapacity_IsFull(int headcount) => Assert.Equal(Crowding.Full, Crowding.Level(headcount, 0));

    [Fact]
    public void Level_NegativeHeadcount_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Crowding.Level(-1, 10));

    [Theory]
    [InlineData(Crowding.Vacant, "空き", "Vacant")]
    [InlineData(Crowding.SomewhatCrowded, "やや混雑", "Somewhat crowded")]
    [InlineData(Crowding.Crowded, "混雑", "Crowded")]
    [InlineData(Crowding.Full, "満員", "Full")]
    [InlineData(Crowding.Unknown, "不明", "Unknown")]
    public void Label_EveryLevel_IsBilingual(string level, string ja, string en) =>
        Assert.Equal(new LocalizedText(ja, en), Crowding.Label(level));
}
