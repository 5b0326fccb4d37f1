using System.Security.Claims;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Server.Live;
using Minato.Server.Security;

namespace Minato.Live.Tests.Security;

public sealed class ScopeAuthorizerTests
{
    private static ClaimsPrincipal User(string role, string? district = null, string? shelter = null)
    {
        var claims = new List<Claim> { new(MinatoClaims.Role, role) };
        if (district is not null)
        {
            claims.Add(new Claim(MinatoClaims.District, district));
        }

        if (shelter is not null)
        {
            claims.Add(new Claim(MinatoClaims.Shelter, shelter));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "sub", MinatoClaims.Role));
    }

    public static TheoryData<string, string?, string?, string, bool> Cases => new()
    {
        { "hq", null, null, "hq", true },
        { "hq", null, null, "shelter:12", true },
        { "district", "shiba", null, "district:shiba", true },
        { "district", "shiba", null, "district:azabu", false },
        { "district", "shiba", null, "hq", false },
        { "shelter", null, "12", "shelter:12", true },
        { "shelter", null, "12", "shelter:13", false },
        { "shelter", "shiba", "12", "district:shiba", false },
        { "field", null, null, "hq", false },
        { "public", null, null, "public", true },
        { "public", null, null, "district:shiba", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_RoleAndClaims_AllowsOnlyOwnScopes(string role, string? district, string? shelter, string scope, bool allowed)
    {
        Assert.True(SituationScope.TryParse(scope, out var parsed));

        var refusal = ScopeAuthorizer.Check(User(role, district, shelter), parsed.Value);

        Assert.Equal(allowed, refusal is null);
    }

    [Fact]
    public void Check_FacilityStaff_OnlyTheirFacilityScope()
    {
        var staff = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(MinatoClaims.Role, MinatoClaims.FacilityRole), new Claim(MinatoClaims.Facility, "42")], "test", "sub",
            MinatoClaims.Role));

        Assert.Null(ScopeAuthorizer.Check(staff, SituationScope.ForFacility("42")));
        Assert.NotNull(ScopeAuthorizer.Check(staff, SituationScope.ForFacility("43")));
        Assert.NotNull(ScopeAuthorizer.Check(staff, SituationScope.ForShelter("42")));
        Assert.NotNull(ScopeAuthorizer.Check(staff, SituationScope.Hq));
        Assert.Null(ScopeAuthorizer.Check(User("hq"), SituationScope.ForFacility("42")));
        Assert.NotNull(ScopeAuthorizer.Check(User("shelter", shelter: "42"), SituationScope.ForFacility("42")));
        Assert.True(SituationScope.TryParse("facility:42", out var parsed));
        Assert.Equal("facility:42", parsed.Value.ToString());
    }

    [Fact]
    public void Check_Anonymous_OnlyPublic()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.Null(ScopeAuthorizer.Check(anonymous, SituationScope.Public));
        Assert.Equal("scope hq needs a token", ScopeAuthorizer.Check(anonymous, SituationScope.Hq));
    }

    [Theory]
    [InlineData("hq", true)]
    [InlineData("public", true)]
    [InlineData("district:shiba", true)]
    [InlineData("shelter:12", true)]
    [InlineData("district:", false)]
    [InlineData("district:Shiba", false)]
    [InlineData("shelter:../x", false)]
    [InlineData("everything", false)]
    public void TryParse_WireForms_AcceptsOnlyValidScopes(string text, bool valid)
    {
        Assert.Equal(valid, SituationScope.TryParse(text, out var scope));
        if (valid)
        {
            Assert.Equal(text, scope!.Value.ToString());
        }
    }
}
