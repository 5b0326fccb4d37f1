using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Minato.Disaster.Situation;
using Minato.Sensors.Alerts;
using Minato.Gis.Configuration;

namespace Minato.Server.Live;

/// <summary>Wiring of the live situation: SignalR (JSON + MessagePack, stateful reconnect), the state and the sensor adapter.</summary>
public static class LiveExtensions
{
    public const string HubPath = "/hubs/situation";

    /// <summary>The rate-limit policy (per client address) on starting a hub connection; the host defines it.</summary>
    public const string NegotiatePolicy = "hub-negotiate";

    public static IServiceCollection AddMinatoLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SituationOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SituationOptions>>().Value);
        services.AddSingleton(sp => new SituationState(sp.GetRequiredService<SituationOptions>()));
        services.AddSingleton<ChangeCoalescer>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<AnonymousConnectionLimiter>();
        services.AddSingleton<ShelterAreas>();
        services.TryAddSingleton<SensorEventHub>();
        // The gauges' stages feed the decision board (Minato.Disaster/Decisions); the JMA adapter is the other source.
        services.AddSingleton<Minato.Disaster.Decisions.IDecisionInputSource, GaugeDecisionInputs>();
        var redis = configuration[SituationOptions.Section + ":Redis"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ISituationBus, LocalSituationBus>();
        }
        else
        {
            // Started before the adapter, so the node listens before it produces.
            services.AddSingleton<RedisSituationBus>();
            services.AddSingleton<ISituationBus>(sp => sp.GetRequiredService<RedisSituationBus>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisSituationBus>());
        }

        services.AddSingleton<SensorSituationAdapter>();
        services.AddHostedService(sp => sp.GetRequiredService<SensorSituationAdapter>());
        services.AddSingleton<SituationSourceLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<SituationSourceLoader>());

        var signalR = services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
                o.StatefulReconnectBufferSize = 1024 * 1024;
            })
            .AddJsonProtocol()
            .AddMessagePackProtocol();
        var lifetime = typeof(DefaultHubLifetimeManager<SituationHub>);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // The SignalR backplane: hub messages to users, groups or connections of other nodes go through Redis.
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("minato"));
            lifetime = typeof(RedisHubLifetimeManager<SituationHub>);
        }

        // The manager SignalR would use, built (and disposed) by the container under a key, wrapped so that the feeds can
        // reach each connection's HubConnectionContext. A closed registration takes precedence over SignalR's open one.
        services.AddKeyedSingleton(typeof(HubLifetimeManager<SituationHub>), SituationHubLifetimeManager.InnerKey, lifetime);
        services.AddSingleton(sp => new SituationHubLifetimeManager(
            sp.GetRequiredKeyedService<HubLifetimeManager<SituationHub>>(SituationHubLifetimeManager.InnerKey)));
        services.AddSingleton<HubLifetimeManager<SituationHub>>(sp => sp.GetRequiredService<SituationHubLifetimeManager>());
        return services;
    }

    public static IEndpointRouteBuilder MapMinatoLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<SituationHub>(HubPath, o =>
        {
            o.AllowStatefulReconnects = true;
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
        }).Add(endpoint =>
        {
            // Only negotiation: it creates the connection. The transport requests of a live connection are not counted.
            if (endpoint is RouteEndpointBuilder route
                && route.RoutePattern.RawText?.EndsWith("/negotiate", StringComparison.Ordinal) == true)
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(NegotiatePolicy));
            }
        });
        return app;
    }
}
