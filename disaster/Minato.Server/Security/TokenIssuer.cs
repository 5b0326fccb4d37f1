using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Minato.Disaster.Security;

namespace Minato.Server.Security;

/// <summary>Issues HS256 JWTs that the host's bearer authentication accepts. Thread-safe.</summary>
public sealed class TokenIssuer(AuthOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A signed token for the request; throws <see cref="ArgumentException"/> on an inconsistent request.</summary>
    public string Issue(TokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } error)
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

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (request.Lifetime ?? TimeSpan.FromMinutes(options.TokenLifetimeMinutes)),
            SigningCredentials = new SigningCredentials(options.CreateKey(), SecurityAlgorithms.HmacSha256),
        });
    }
}
