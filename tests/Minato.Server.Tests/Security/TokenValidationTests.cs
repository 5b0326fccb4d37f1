using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Minato.Server.Tests.Security;

/// <summary>
/// Tokens signed with the host's own key that the host must still refuse (401): no exp, a lifetime beyond
/// Minato:Auth:MaxTokenLifetimeMinutes (12 h), several role/district/shelter claims, a missing or empty sub. Each is
/// paired with the same token made valid, which is accepted: the refusal is for the flaw, not for the crafting.
/// </summary>
public sealed class TokenValidationTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Token_WithoutExp_Is401()
    {
        var withoutExp = Sign(Claims("hq"), issuedAt: Now, notBefore: Now, expires: null);
        var withExp = Sign(Claims("hq"), issuedAt: Now, notBefore: Now, expires: Now.AddHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(withoutExp));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(withExp));
    }

    [Fact]
    public async Task Token_LivingLongerThanTheMaximum_Is401()
    {
        var day = Sign(Claims("hq"), issuedAt: Now, notBefore: Now, expires: Now.AddHours(24));
        var dayFromIssue = Sign(Claims("hq"), issuedAt: Now, notBefore: null, expires: Now.AddHours(13));
        var dayFromNow = Sign(Claims("hq"), issuedAt: null, notBefore: null, expires: Now.AddHours(13));
        var backdated = Sign(Claims("hq"), issuedAt: Now.AddDays(-30), notBefore: Now.AddDays(-30), expires: Now.AddHours(1));
        var elevenHours = Sign(Claims("hq"), issuedAt: Now, notBefore: Now, expires: Now.AddHours(11));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(day));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(dayFromIssue));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(dayFromNow));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(backdated));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(elevenHours));
    }

    [Fact]
    public async Task Token_WithSeveralRoleDistrictOrShelterClaims_Is401()
    {
        var roles = Claims(new[] { "field", "hq" });
        var districts = Claims("district", district: new[] { "shiba", "azabu" });
        var shelters = Claims("shelter", shelter: new[] { "101", "102" });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(roles)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(districts)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(shelters)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Valid(Claims("district", district: "shiba"))));
    }

    [Fact]
    public async Task Token_WithMissingOrEmptySub_Is401Not500()
    {
        var missing = Claims("hq");
        missing.Remove("sub");
        var empty = Claims("hq");
        empty["sub"] = "";
        var blank = Claims("hq");
        blank["sub"] = "  ";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(missing)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(empty)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Valid(blank)));
    }

    private static Dictionary<string, object> Claims(object role, object? district = null, object? shelter = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "tester-" + Guid.NewGuid().ToString("N")[..8], ["role"] = role };
        if (district is not null)
        {
            claims["district"] = district;
        }

        if (shelter is not null)
        {
            claims["shelter"] = shelter;
        }

        return claims;
    }

    private static string Valid(Dictionary<string, object> claims) => Sign(claims, Now, Now, Now.AddHours(1));

    /// <summary>A token signed with the host's key, with exactly the times given (none added by the handler).</summary>
    private static string Sign(Dictionary<string, object> claims, DateTime? issuedAt, DateTime? notBefore, DateTime? expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "minato",
            Audience = "minato",
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestEnvironment.SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>
    /// The status of a staff read with <paramref name="token"/>: GET /api/reports, which needs the caller's identity at
    /// once (a token without a subject used to reach it and answer 500).
    /// </summary>
    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/reports", Ct);
        return response.StatusCode;
    }
}
