using Minato.Disaster.Http.Jma;
using Minato.Disaster.Http.CallUp;
using Minato.Disaster.Http.PublicAlerts;
using Minato.Disaster.Http.Reports;
using Minato.Disaster.Http.Recovery;
using Minato.Disaster.Http.Subscribers;

namespace Minato.Disaster.Http;

/// <summary>
/// The operations API (reports, building damage surveys, shelters, tasking, resident alerts): one line per
/// area in each method. Every write is authenticated, authorised through <see cref="Minato.Disaster.Security.Actor"/>,
/// appended to the audit log in its own transaction and pushed to the live situation.
/// </summary>
public static class OperationsApi
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPublicAlerts(configuration);
        services.AddSubscribers();
        Shelters.SheltersApi.AddShelters(services);
        Tasks.TasksApi.AddTasks(services, configuration);
        services.AddReports(configuration);
        services.AddRecovery();
        StayFacilities.StayFacilitiesApi.AddStayFacilities(services);
        Exports.ExportsApi.AddExports(services);
        Exposure.ExposureApi.AddExposure(services);
        Decisions.DecisionsApi.AddDecisions(services);
        services.AddJma();
        services.AddCallUp();
        // JMA feeds the decision board and proposes call-ups (both modules are registered above).
        services.AddSingleton<Minato.Disaster.Decisions.IDecisionInputSource, Minato.Disaster.Decisions.JmaDecisionInputs>();
        services.AddHostedService<Minato.Disaster.Jma.JmaReactions>();
        CheckIn.CheckInApi.AddCheckIn(services);
        Safety.SafetyApi.AddSafety(services);
        // The live isolated 町丁目 (issue 13): recomputed from the routing graph on road, site and shelter changes.
        services.AddSingleton<Minato.Disaster.Isolation.IsolationPublisher>();
        services.AddSingleton<Minato.Disaster.Situation.ISituationSource>(sp =>
            sp.GetRequiredService<Minato.Disaster.Isolation.IsolationPublisher>());
        services.AddSingleton<Minato.Disaster.Isolation.IsolationWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Minato.Disaster.Isolation.IsolationWatcher>());
        return services;
    }

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPublicAlertsApi();
        app.MapSubscribersApi();
        Shelters.SheltersApi.MapSheltersApi(app);
        Tasks.TasksApi.MapTasksApi(app);
        app.MapReportsApi();
        app.MapRecoveryApi();
        StayFacilities.StayFacilitiesApi.MapStayFacilitiesApi(app);
        Exports.ExportsApi.MapExportsApi(app);
        Exposure.ExposureApi.MapExposureApi(app);
        Decisions.DecisionsApi.MapDecisionsApi(app);
        app.MapJmaApi();
        app.MapCallUpApi();
        CheckIn.CheckInApi.MapCheckInApi(app);
        Safety.SafetyApi.MapSafetyApi(app);
        return app;
    }
}
