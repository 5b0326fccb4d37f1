using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Minato.Disaster.Security;
using Minato.Gis.Configuration;

namespace Minato.Server.Security;

/// <summary>
/// JWT bearer authentication and the role policies. Public endpoints stay anonymous. A token is accepted only with one
/// non-empty <c>sub</c>, one <c>role</c>, at most one <c>district</c> and <c>shelter</c>, an <c>exp</c>, and a lifetime of at
/// most <see cref="AuthOptions.MaxTokenLifetimeMinutes"/>; anything else is unauthenticated (401 where a role is needed).
/// </summary>
public static class SecurityExtensions
{
    /// <summary>Hub paths that take the token from <c>?access_token=</c> (browsers cannot set headers on WebSockets).</summary>
    public const string HubPathPrefix = "/hubs";

    /// <summary>
    /// Registers authentication and authorisation; throws <see cref="Hosting.ServerConfigurationException"/> saying what to set when
    /// the signing key is unusable in <paramref name="environment"/> (see <see cref="SigningKeyPolicy"/>).
    /// </summary>
    public static IServiceCollection AddMinatoSecurity(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configured = ValidatedOptions.Read<AuthOptions>(configuration);
        if (SigningKeyPolicy.Check(configured.SigningKey, environment.IsDevelopment()) is { } keyProblem)
        {
            // Refused before anything else starts (migrations, listeners): no server may run on a key everyone knows.
            throw new Hosting.ServerConfigurationException(keyProblem);
        }

        services.AddValidatedOptions<AuthOptions>()
            .Validate(o => o.CheckLifetimes() is null,
                "Minato:Auth:TokenLifetimeMinutes must not exceed Minato:Auth:MaxTokenLifetimeMinutes")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<RefusalThrottle>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AuthOptions, TimeProvider>((o, auth, time) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = auth.CreateKey(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = MinatoClaims.Role,
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                    LifetimeValidator = (notBefore, expires, token, p) => IsLifetimeValid(notBefore, expires, token,
                        time.GetUtcNow().UtcDateTime, p.ClockSkew, TimeSpan.FromMinutes(auth.MaxTokenLifetimeMinutes)),
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        var token = ctx.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && ctx.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix,
                            StringComparison.Ordinal))
                        {
                            ctx.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ctx =>
                    {
                        if (ClaimProblem(ctx.Principal) is { } problem)
                        {
                            ctx.Fail(problem);
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(MinatoPolicies.Hq, p => p.RequireRole(MinatoClaims.Hq))
            .AddPolicy(MinatoPolicies.Staff, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.DistrictRole, MinatoClaims.ShelterRole,
                MinatoClaims.Field))
            .AddPolicy(MinatoPolicies.Tasks, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.DistrictRole, MinatoClaims.ShelterRole,
                MinatoClaims.Field, MinatoClaims.FacilityRole))
            .AddPolicy(MinatoPolicies.District, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.DistrictRole))
            .AddPolicy(MinatoPolicies.Shelter, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.ShelterRole))
            .AddPolicy(MinatoPolicies.Facility, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.FacilityRole))
            .AddPolicy(MinatoPolicies.JmaRelay, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.Relay))
            .AddPolicy(MinatoPolicies.Safety, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.CallCentre));
        return services;
    }

    /// <summary>
    /// A token must expire, must be valid now (± skew), and must not live longer than <paramref name="max"/>: exp minus the
    /// earlier of nbf and iat, or exp minus now when it carries neither. Times in UTC.
    /// </summary>
    internal static bool IsLifetimeValid(
        DateTime? notBefore, DateTime? expires, SecurityToken? token, DateTime now, TimeSpan skew, TimeSpan max)
    {
        if (expires is not { } exp || exp <= now - skew || notBefore > now + skew)
        {
            return false;
        }

        DateTime? issued = token is JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue ? iat : null;
        var from = (notBefore, issued) switch
        {
            ({ } n, { } i) => n < i ? n : i,
            ({ } n, null) => n,
            (null, { } i) => i,
            _ => now,
        };
        return exp - from <= max + skew;
    }

    /// <summary>Null when the principal carries exactly one non-empty sub and role and at most one district and shelter.</summary>
    internal static string? ClaimProblem(ClaimsPrincipal? principal)
    {
        var claims = principal?.Claims.ToList() ?? [];
        var subjects = claims.Where(c => c.Type == JwtRegisteredClaimNames.Sub).ToList();
        if (subjects.Count != 1 || string.IsNullOrWhiteSpace(subjects[0].Value))
        {
            return "the token needs exactly one non-empty sub claim";
        }

        var roles = claims.Where(c => c.Type == MinatoClaims.Role).ToList();
        if (roles.Count != 1 || string.IsNullOrWhiteSpace(roles[0].Value))
        {
            return "the token needs exactly one role claim";
        }

        return claims.Count(c => c.Type == MinatoClaims.District) > 1 || claims.Count(c => c.Type == MinatoClaims.Shelter) > 1
            || claims.Count(c => c.Type == MinatoClaims.Facility) > 1
            ? "the token carries several district, shelter or facility claims"
            : null;
    }
}
