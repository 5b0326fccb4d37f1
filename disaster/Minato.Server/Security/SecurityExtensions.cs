using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Minato.Disaster.Security;

namespace Minato.Server.Security;

/// <summary>JWT bearer authentication and the role policies. Public endpoints stay anonymous.</summary>
public static class SecurityExtensions
{
    /// <summary>Hub paths that take the token from <c>?access_token=</c> (browsers cannot set headers on WebSockets).</summary>
    public const string HubPathPrefix = "/hubs";

    public static IServiceCollection AddMinatoSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton<TokenIssuer>();

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
                    LifetimeValidator = (notBefore, expires, _, p) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore <= now + p.ClockSkew) && (expires is null || expires > now - p.ClockSkew);
                    },
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        var token = ctx.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && ctx.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix, StringComparison.Ordinal))
                        {
                            ctx.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(MinatoPolicies.Hq, p => p.RequireRole(MinatoClaims.Hq))
            .AddPolicy(MinatoPolicies.Staff, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.DistrictRole, MinatoClaims.ShelterRole, MinatoClaims.Field))
            .AddPolicy(MinatoPolicies.District, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.DistrictRole))
            .AddPolicy(MinatoPolicies.Shelter, p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.ShelterRole));
        return services;
    }
}
