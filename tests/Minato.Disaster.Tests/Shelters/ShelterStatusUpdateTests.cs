using Minato.Disaster.Shelters;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>Validation of a centre's status report: each bad field gets its own specific message.</summary>
public sealed class ShelterStatusUpdateTests
{
    private static readonly ShelterNeedsInput Needs = new(1, 2, 3, 0);

    private static ShelterStatusUpdate Valid() => new(300, 120, 48, Needs, [new SupplyNeedInput("water", 200, "L")]);

    [Fact]
    public void Validate_ValidReport_NoErrors()
    {
        var update = Valid();

        Assert.Empty(update.Validate());
        Assert.Equal(new ShelterNeeds(1, 2, 3, 0), update.NeedsOrNone());
        Assert.Equal([new SupplyNeed("water", 200, "L")], update.SuppliesOrNone());
    }

    [Fact]
    public void Validate_NegativeHeadcount_NamesTheField()
    {
        var errors = (Valid() with { Headcount = -1, Households = 0 }).Validate();

        Assert.Contains("cannot be negative", Assert.Single(errors["headcount"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeadcountBeyondBound_Refused()
    {
        var errors = (Valid() with { Headcount = ShelterLimits.MaxPeople + 1 }).Validate();

        Assert.Contains("sane bound", errors["headcount"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingHeadcount_Required() =>
        Assert.Contains("required", (Valid() with { Headcount = null }).Validate()["headcount"][0], StringComparison.Ordinal);

    [Fact]
    public void Validate_HouseholdsAboveHeadcount_Refused() =>
        Assert.Contains("cannot exceed headcount", (Valid() with { Households = 121 }).Validate()["households"][0],
            StringComparison.Ordinal);

    [Fact]
    public void Validate_WheelchairAboveHeadcount_Refused() =>
        Assert.Contains("cannot exceed headcount",
            (Valid() with { Headcount = 1, Households = 1, Needs = new(2, 0, 0, 0) }).Validate()["needs.wheelchair"][0],
            StringComparison.Ordinal);

    [Fact]
    public void Validate_NegativePets_Refused() =>
        Assert.True((Valid() with { Needs = new(0, 0, -1, 0) }).Validate().ContainsKey("needs.pets"));

    [Fact]
    public void Validate_UnknownUnit_ListsTheKnownOnes()
    {
        var errors = (Valid() with { Supplies = [new SupplyNeedInput("water", 5, "gallons")] }).Validate();

        var message = Assert.Single(errors["supplies[0].unit"]);
        Assert.Contains("unknown unit 'gallons'", message, StringComparison.Ordinal);
        Assert.Contains("L, mL, kg", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroQuantityAndEmptyItem_BothReported()
    {
        var errors = (Valid() with { Supplies = [new SupplyNeedInput(" ", 0, "L")] }).Validate();

        Assert.True(errors.ContainsKey("supplies[0].item"));
        Assert.True(errors.ContainsKey("supplies[0].quantity"));
    }

    [Fact]
    public void Validate_DuplicateSupplyLine_Refused() =>
        Assert.Contains("listed twice",
            (Valid() with { Supplies = [new("water", 1, "L"), new("Water", 2, "L")] }).Validate()["supplies[1].item"][0],
                StringComparison.Ordinal);

    [Fact]
    public void Validate_CapacityOutOfRange_Refused() =>
        Assert.True((Valid() with { Capacity = -5 }).Validate().ContainsKey("capacity"));
}
