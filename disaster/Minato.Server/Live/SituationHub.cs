using Microsoft.AspNetCore.SignalR;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>
/// <c>/hubs/situation</c>. A client calls <c>Subscribe(scope)</c> and then receives <c>Snapshot</c>, then <c>Delta</c>
/// messages with a gap-free sequence per scope; on a gap it calls <c>Resync(scope, lastSeq)</c>. After a reconnect it
/// calls <c>Subscribe(scope, stream, lastSeq)</c> and gets the missed deltas, or a snapshot. Scope access follows the
/// token (<see cref="ScopeAuthorizer"/>); the public scope needs none.
/// </summary>
internal sealed class SituationHub : Hub
{
    private readonly SituationState _state;
    private readonly LiveConnections _connections;
    private readonly ShelterAreas _shelters;
    private readonly AnonymousConnectionLimiter _anonymous;

    public SituationHub(SituationState state, LiveConnections connections, ShelterAreas shelters, AnonymousConnectionLimiter anonymous)
    {
        _state = state;
        _connections = connections;
        _shelters = shelters;
        _anonymous = anonymous;
    }

    /// <summary>The key under which an anonymous connection remembers the address it was counted for.</summary>
    private const string AnonymousAddressKey = "minato.anonymous-address";

    public override async Task OnConnectedAsync()
    {
        if (!IsStaff(Context.User))
        {
            var address = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (_anonymous.TryAcquire(address) is { } refusal)
            {
                // Thrown here, the connection closes with this message (the client sees it as the close reason).
                throw new HubException(refusal);
            }

            Context.Items[AnonymousAddressKey] = address;
        }

        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Staff connections are not capped. A token with role <c>public</c> (or none) is no staff token: it counts as
    /// anonymous, or holding any valid public token would skip the cap.
    /// </summary>
    private static bool IsStaff(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
        && user.FindFirst(MinatoClaims.Role)?.Value is { } role
        && role != MinatoClaims.Public
        && role != MinatoClaims.Relay
        && MinatoClaims.Roles.Contains(role);

    public async Task<SubscribeResult> Subscribe(string scope, string? stream = null, long lastSeq = -1)
    {
        if (!SituationScope.TryParse(scope, out var parsed))
        {
            return SubscribeResult.Refused($"unknown scope '{scope}' (hq, district:{{id}}, shelter:{{id}}, facility:{{id}}, public)");
        }

        if (ScopeAuthorizer.Check(Context.User, parsed.Value) is { } refusal)
        {
            return SubscribeResult.Refused(refusal);
        }

        var district = parsed.Value.Kind == ScopeKind.Shelter
            ? await _shelters.DistrictOfAsync(parsed.Value.Id!, Context.ConnectionAborted)
            : null;
        // No feed may outlive its connection.
        if (Context.ConnectionAborted.IsCancellationRequested || _connections.GetOrAdd(Context.ConnectionId) is not { } feed)
        {
            return SubscribeResult.Refused("the connection is closing");
        }

        _state.Attach(parsed.Value, feed, district, stream, lastSeq);
        return SubscribeResult.Ok;
    }

    public SubscribeResult Resync(string scope, long lastSeq)
    {
        if (!SituationScope.TryParse(scope, out var parsed))
        {
            return SubscribeResult.Refused($"unknown scope '{scope}'");
        }

        return _connections.Find(Context.ConnectionId) is { } feed && _state.Resync(parsed.Value, feed, lastSeq)
            ? SubscribeResult.Ok
            : SubscribeResult.Refused($"not subscribed to {scope}");
    }

    public void Unsubscribe(string scope)
    {
        if (SituationScope.TryParse(scope, out var parsed) && _connections.Find(Context.ConnectionId) is { } feed)
        {
            _state.Detach(parsed.Value, feed);
        }
    }

    /// <summary>Echoes the value: liveness and round-trip time (the bare SignalR baseline of <c>./minato bench live</c>).</summary>
    public long Ping(long value) => value;

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(AnonymousAddressKey, out var address) && address is string a)
        {
            _anonymous.Release(a);
        }

        await _connections.RemoveAsync(Context.ConnectionId, _state);
        await base.OnDisconnectedAsync(exception);
    }
}
