using Minato.Disaster.Security;
using Minato.Disaster.Tasks;

namespace Minato.Disaster.Tests.Tasks;

/// <summary>Who may send what to whom (pure rules; the API tests prove the same through HTTP).</summary>
public sealed class TaskRulesTests
{
    private static readonly TaskUnit Hq = TaskUnit.Headquarters;
    private static readonly TaskUnit Shiba = new(TaskUnit.District, "shiba");
    private static readonly TaskUnit Azabu = new(TaskUnit.District, "azabu");
    private static readonly TaskUnit Centre = new(TaskUnit.Shelter, "101");
    private static readonly TaskUnit ShibaField = new(TaskUnit.Field, "shiba");
    private static readonly TaskUnit StayFacility = new(TaskUnit.Facility, "42");

    public static TheoryData<string, TaskUnit, TaskUnit, string?, string?, bool> Cases => new()
    {
        // type, from, to, sending centre's district, addressed centre's district, allowed
        { "instruction", Hq, Shiba, null, null, true },
        { "instruction", Hq, Centre, null, "azabu", true },
        { "instruction", Hq, ShibaField, null, null, true },
        { "instruction", Hq, Hq, null, null, false },
        { "instruction", Shiba, Centre, null, "shiba", true },
        { "instruction", Shiba, Centre, null, "azabu", false },
        { "instruction", Shiba, ShibaField, null, null, true },
        { "instruction", Shiba, new TaskUnit(TaskUnit.Field, "azabu"), null, null, false },
        { "instruction", Shiba, Azabu, null, null, false },
        { "instruction", Shiba, Hq, null, null, false },
        { "instruction", Centre, Shiba, "shiba", null, false },
        { "instruction", ShibaField, Centre, null, "shiba", false },
        { "request", Centre, Shiba, "shiba", null, true },
        { "request", Centre, Azabu, "shiba", null, false },
        { "request", Centre, Hq, "shiba", null, false },
        { "request", Centre, new TaskUnit(TaskUnit.Shelter, "102"), "shiba", "shiba", false },
        { "request", Shiba, Hq, null, null, true },
        { "request", Shiba, Azabu, null, null, false },
        { "request", Hq, Shiba, null, null, false },
        { "request", ShibaField, Shiba, null, null, false },
        { "instruction", Hq, StayFacility, null, "shiba", true },
        { "instruction", Shiba, StayFacility, null, "shiba", false },
        { "instruction", StayFacility, Hq, null, null, false },
        { "request", StayFacility, Hq, null, null, false },
        { "request", StayFacility, Shiba, null, null, false },
    };

    [Fact]
    public void Facility_StaffActForTheirFacility_SeeOnlyItsTasks()
    {
        var staff = new Actor("s", MinatoClaims.FacilityRole, Facility: "42");
        Assert.Equal(StayFacility, TaskRules.UnitOf(staff));
        Assert.Null(TaskRules.UnitOf(new Actor("s", MinatoClaims.FacilityRole)));
        TaskItem To(TaskUnit unit) => new(1, "instruction", "t", "", "normal", null, "open", new TaskParty("hq", "hq", "h"), unit,
            "shiba", null, null, null, null, false, null, [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        Assert.True(TaskRules.CanView(staff, To(StayFacility)));
        Assert.False(TaskRules.CanView(staff, To(new TaskUnit(TaskUnit.Facility, "43"))));
        Assert.False(TaskRules.CanView(staff, To(Shiba)));
        Assert.True(TaskRules.IsRecipient(staff, To(StayFacility)));
        Assert.Null(TaskRules.CheckStatus(staff, To(StayFacility), TaskStatuses.Done));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckCreate_RoutingMatrix_AllowsOnlyTheRules(string type, TaskUnit from, TaskUnit to, string? fromDistrict,
        string? toDistrict, bool allowed)
    {
        var error = TaskRules.CheckCreate(type, from, to, fromDistrict, toDistrict);

        Assert.Equal(allowed, error is null);
    }

    [Fact]
    public void CheckCreate_ShelterInstructs_SaysToSendARequest() =>
        Assert.Contains("send a request", TaskRules.CheckCreate("instruction", Centre, Shiba, "shiba", null), StringComparison.Ordinal);

    [Theory]
    [InlineData("hq", null, null, "hq", "hq")]
    [InlineData("district", "shiba", null, "district", "shiba")]
    [InlineData("shelter", null, "101", "shelter", "101")]
    [InlineData("field", "azabu", null, "field", "azabu")]
    public void UnitOf_EachRole_IsItsUnit(string role, string? district, string? shelter, string kind, string id) =>
        Assert.Equal(new TaskUnit(kind, id), TaskRules.UnitOf(new Actor("u", role, district, shelter)));

    [Fact]
    public void UnitOf_DistrictTokenWithoutClaim_IsNull() => Assert.Null(TaskRules.UnitOf(new Actor("u", "district")));

    [Theory]
    [InlineData("hq", null, null)]
    [InlineData("hq", "hq", null)]
    [InlineData("hq", "shiba", "to.id of hq must be 'hq' or omitted")]
    [InlineData("district", "shiba", null)]
    [InlineData("district", "Bad id!", "to.id 'Bad id!' is not a district id")]
    [InlineData("district", null, "to.id is required for district")]
    [InlineData("shelter", "abc", "to.id of a shelter is its facility id (digits), not 'abc'")]
    [InlineData("facility", "x", "to.id of a facility is its facility id (digits), not 'x'")]
    [InlineData("facility", "42", null)]
    [InlineData("mayor", "x", "to.kind must be one of hq, district, shelter, field, facility")]
    public void Check_Units_SpecificErrors(string kind, string? id, string? expected) => Assert.Equal(expected, TaskUnit.Check(kind, id));
}
