using Minato.Disaster.Http.Recovery;

namespace Minato.Disaster.Http;

/// <summary>
/// The operations API (reports, building damage surveys, evacuation centres, tasking, resident alerts): one line per
/// area in each method. Every write is authenticated, authorised through <see cref="Minato.Disaster.Security.Actor"/>,
/// appended to the audit log in its own transaction and pushed to the live situation.
/// </summary>
public static class OperationsApi
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRecovery();
        return services;
    }

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        app.MapRecoveryApi();
        return app;
    }
}
