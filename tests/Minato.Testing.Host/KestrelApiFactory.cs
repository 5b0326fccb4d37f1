using Microsoft.Extensions.DependencyInjection;
using Minato.Server.Security;

namespace Minato.Testing;

/// <summary>
/// The real host (<see cref="MinatoApiFactory"/>) on a real Kestrel listener at 127.0.0.1 on a free port. One per test
/// class; subclasses add what their clients need.
/// </summary>
public class KestrelApiFactory : MinatoApiFactory
{
    public KestrelApiFactory() => this.ListenOnLoopback();

    /// <summary>Starts the server if needed and returns its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress => this.LoopbackAddress();

    /// <summary>A token of <paramref name="role"/> signed with the host's key (subject "live-" + role).</summary>
    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("live-" + role, role, district, shelter));

    /// <summary>A client over HTTP to the real port (with a token of <paramref name="role"/>).</summary>
    public HttpClient HttpClient(string role, string? district = null, string? shelter = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        client.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(role, district, shelter));
        return client;
    }
}
