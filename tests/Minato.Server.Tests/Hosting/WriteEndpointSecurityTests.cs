using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Minato.Server.Tests.Hosting;

/// <summary>
/// "Every write is authenticated": every endpoint of the host that accepts POST, PUT, PATCH or DELETE requires
/// authorization, except the few anonymous writes listed here on purpose — and those are rate-limited.
/// A new write endpoint without RequireAuthorization fails this test.
/// </summary>
public sealed class WriteEndpointSecurityTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    /// <summary>
    /// Anonymous writes by design: residents' alert self-registration (double opt-in; nothing is stored until confirmed)
    /// and the unsubscribe link of alert e-mails (the per-subscriber token is the capability); shelter check-in registration
    /// (a household registers itself on its phone, rate-limited per address) and its card (the registration token is the key).
    /// </summary>
    private static readonly HashSet<string> AnonymousWrites = new(StringComparer.Ordinal)
    {
        "POST /api/public/subscriptions",
        "POST /api/public/subscriptions/unsubscribe",
        "POST /api/public/evacuees",
        "POST /api/public/evacuees/card",
        "POST /callup/{token}", // the staff call-up answer link: the unguessable token in the path is the capability
    };

    [Fact]
    public void WriteEndpoints_AllRequireAuthorization_ExceptTheListedRateLimitedOnes()
    {
        factory.CreateClient().Dispose(); // start the host
        var writes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => (Name: $"{m} /{e.RoutePattern.RawText?.Trim('/')}", Endpoint: e)))
            .ToList();

        Assert.True(writes.Count >= 20, $"only {writes.Count} write endpoints found: is the operations API mapped?");
        var open = writes.Where(w => w.Endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
                                     || w.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(w => w.Name).Where(n => !n.StartsWith("POST /hubs/", StringComparison.Ordinal)).ToList();
        Assert.Equal(AnonymousWrites.Order(StringComparer.Ordinal), open.Order(StringComparer.Ordinal));
        foreach (var w in writes.Where(w => AnonymousWrites.Contains(w.Name)))
        {
            Assert.NotNull(w.Endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>());
        }
    }
}
