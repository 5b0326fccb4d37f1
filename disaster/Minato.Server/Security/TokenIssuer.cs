using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Minato.Disaster.Security;

namespace Minato.Server.Security;

/// <summary>Issues HS256 JWTs that the host's bearer authentication accepts. Thread-safe.</summary>
public sealed class TokenIssuer(AuthOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// A signed token for the request; throws <see cref="ArgumentException"/> on an inconsistent request or a lifetime
    /// beyond <see cref="AuthOptions.MaxTokenLifetimeMinutes"/> (the server would refuse the token).
    /// </summary>
    public string Issue(TokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lifetime = request.Lifetime ?? TimeSpan.FromMinutes(options.TokenLifetimeMinutes);
        var error = request.Validate() ?? (lifetime > TimeSpan.FromMinutes(options.MaxTokenLifetimeMinutes)
            ? $"the lifetime is at most {options.MaxTokenLifetimeMinutes} minutes (Minato:Auth:MaxTokenLifetimeMinutes)"
            : null);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(request));
        }

        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, request.Subject), new(MinatoClaims.Role, request.Role) };
        if (!string.IsNullOrWhiteSpace(request.District))
        {
            claims.Add(new Claim(MinatoClaims.District, request.District));
        }

        if (!string.IsNullOrWhiteSpace(request.Shelter))
        {
            claims.Add(new Claim(MinatoClaims.Shelter, request.Shelter));
        }

        if (!string.IsNullOrWhiteSpace(request.Facility))
        {
            claims.Add(new Claim(MinatoClaims.Facility, request.Facility));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(options.CreateKey(), SecurityAlgorithms.HmacSha256),
        });
    }
}
