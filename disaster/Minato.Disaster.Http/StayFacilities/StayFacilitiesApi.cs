using Microsoft.Extensions.DependencyInjection.Extensions;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.StayFacilities;
using Minato.Gis;

namespace Minato.Disaster.Http.StayFacilities;

/// <summary>
/// Temporary-stay facilities (一時滞在施設) for stranded commuters: <c>/api/stay-facilities/nearest</c> and
/// <c>/api/stay-facilities/stations</c> (anyone; no personal data), <c>GET /api/stay-facilities</c> (HQ: totals, near-full
/// first) and <c>PUT /api/stay-facilities/{id}/status</c> (the facility's staff or HQ; audited, live).
/// </summary>
public static class StayFacilitiesApi
{
    public const int DefaultNearest = 5;
    public const int MaxNearest = 20;

    public static IServiceCollection AddStayFacilities(this IServiceCollection services)
    {
        services.AddSingleton<StayFacilityStore>();
        services.AddSingleton<StationAnswers>();
        services.AddSingleton<ISituationSource, StayFacilitySource>();
        // Opening and closing facilities as tasks: the task store runs the effect when such a task is done.
        services.AddSingleton<StayFacilityTasks>();
        services.AddSingleton<Minato.Disaster.Tasks.ITaskEffect, StayFacilityTaskEffect>();
        // The one seam for walking distance: the server registers RoutedStayDistance before this (TryAdd keeps it); a host
        // without routing measures straight lines.
        services.TryAddSingleton<IStayDistance, StraightLineDistance>();
        return services;
    }

    public static IEndpointRouteBuilder MapStayFacilitiesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stay-facilities/nearest", NearestAsync).WithName("NearestStayFacilities").WithTags("Stay facilities")
            .WithSummary("The nearest accepting temporary-stay facilities (一時滞在施設) to lon/lat or a station, with status, crowding, " +
                "distance (distance_kind says how it was measured) and the nearest water points (anonymous)")
            .AllowAnonymous().RequireCors(PublicApi.CorsPolicy).RequireRateLimiting(PublicApi.RateLimitPolicy);
        app.MapGet("/api/stay-facilities/stations", () => TypedResults.Ok(StayStations.All)).WithName("StayStations")
            .WithTags("Stay facilities").WithSummary("The major stations of Minato the nearest list and the short URLs /s/{id} know")
            .AllowAnonymous().RequireCors(PublicApi.CorsPolicy).RequireRateLimiting(PublicApi.RateLimitPolicy);
        app.MapGet("/api/stay-facilities", ListAsync).WithName("ListStayFacilities").WithTags("Stay facilities")
            .WithSummary("Every stay facility with totals, nearest to full first (HQ)").RequireAuthorization(MinatoPolicies.Hq);
        app.MapPut("/api/stay-facilities/{id}/status", PutStatusAsync).WithName("PutStayFacilityStatus").WithTags("Stay facilities")
            .Accepts<StayFacilityUpdate>("application/json")
            .WithSummary("Report a facility's status (accepting/suspended/full/not_opened), people accepted, capacity and supplies " +
                "(its staff, role facility with its facility claim, or HQ)")
            .RequireAuthorization(MinatoPolicies.Facility);
        app.MapPost("/api/stay-facilities/{id}/tasks", RequestTaskAsync).WithName("RequestStayFacilityTask").WithTags("Stay facilities")
            .Accepts<StayFacilityTaskRequest>("application/json")
            .WithSummary("HQ instructs a facility's staff to open or close it: {\"action\":\"open\"|\"close\",\"note\",\"priority\"," +
                "\"dueAt\"} → a task addressed to the facility; when its staff (or HQ) mark it done the status becomes 受入可 / 未開設")
            .RequireAuthorization(MinatoPolicies.Hq).NoStore();
        return app;
    }

    private static async Task<Results<Created<Minato.Disaster.Tasks.TaskItem>, ProblemHttpResult, ValidationProblem>> RequestTaskAsync(
        string id, HttpContext context, StayFacilityTasks tasks, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        var read = await RequestBody.ReadValidJsonAsync<StayFacilityTaskRequest>(context.Request, tasks.Validate,
            cancellationToken: cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var result = await tasks.RequestAsync(actor, id, read.Value!, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/tasks/{result.Value!.Id}", result.Value) : OpsProblems.From(result);
    }

    private static async Task<Results<Ok<NearestStayFacilities>, ProblemHttpResult, ValidationProblem>> NearestAsync(
        double? lon, double? lat, string? station, int? limit, StayFacilityStore store, IStayDistance distance,
        StationAnswers answers, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxNearest)
        {
            return OpsProblems.Invalid("limit", $"limit must be between 1 and {MaxNearest} / 件数は1〜{MaxNearest}");
        }

        StayStation? at = null;
        if (station is not null)
        {
            at = StayStations.Find(station);
            if (at is null)
            {
                return OpsProblems.NotFound($"no station '{station}' (one of {string.Join(", ", StayStations.All.Select(s => s.Id))})");
            }
        }
        else if (lon is not (>= -180 and <= 180) || lat is not (>= -90 and <= 90))
        {
            return OpsProblems.Invalid("lon", "give lon and lat (WGS 84 / JGD2011 degrees) or station=<id> / 位置または駅を指定してください");
        }

        var count = limit ?? DefaultNearest;
        // A station's answer is kept while its inputs are unchanged (the stamp is read before computing, so a write racing
        // the computation leaves an older stamp and the next request computes again).
        var stamp = at is null ? null : await answers.StampAsync(cancellationToken);
        if (at is not null && answers.Find(at.Id, count, stamp!) is { } kept)
        {
            return TypedResults.Ok(kept);
        }

        var (x, y) = at is null ? (lon!.Value, lat!.Value) : (at.Lon, at.Lat);
        var nearest = await store.NearestAsync(x, y, count, distance, cancellationToken);
        var water = await store.WaterPointsNearAsync(x, y, 3, cancellationToken);
        var answer = new NearestStayFacilities(at, [x, y], nearest.Kind,
            nearest.Facilities.Select(n => new NearStayFacility(n.Facility.ToPublic(), n.Distance.Metres, n.Distance.Kind,
                n.Distance.WalkMinutes)).ToList(), water);
        if (at is not null)
        {
            answers.Keep(at.Id, count, stamp!, answer);
        }

        return TypedResults.Ok(answer);
    }

    private static async Task<Ok<StayFacilityOverview>> ListAsync(StayFacilityStore store, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(StayFacilityOverview.Of(all));
    }

    private static async Task<Results<Ok<StayFacility>, ProblemHttpResult, ValidationProblem>> PutStatusAsync(
        string id, HttpContext context, StayFacilityStore store, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        // Who first, then what: a caller who may not update the facility learns nothing from validation messages.
        var facility = await store.GetAsync(id, cancellationToken);
        if (facility is null)
        {
            return OpsProblems.NotFound("stay facility", id);
        }

        if (!actor.CanActForFacility(facility.Id))
        {
            return OpsProblems.Forbidden($"{actor.Role} {actor.Facility ?? actor.Subject} may not update stay facility {facility.Id} " +
                "/ この施設を更新する権限がありません");
        }

        var read = await RequestBody.ReadValidJsonAsync<StayFacilityUpdate>(context.Request, b => b.Validate(),
            cancellationToken: cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var result = await store.UpdateAsync(actor, id, read.Value!, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : OpsProblems.From(result);
    }
}

/// <summary>The answer of <c>/api/stay-facilities/nearest</c>.</summary>
/// <param name="Station">The station asked for, or null for a point.</param>
/// <param name="From">The point measured from (lon, lat).</param>
/// <param name="DistanceKind"><c>walking</c> when every listed distance is a walk over the road network, else
/// <c>straight_line</c> (the origin or some facility is off the network, or no network is loaded); each facility says its own.</param>
public sealed record NearestStayFacilities(
    StayStation? Station, double[] From,
    [property: System.Text.Json.Serialization.JsonPropertyName("distance_kind")] string DistanceKind,
    IReadOnlyList<NearStayFacility> Facilities, IReadOnlyList<NearbyWaterPoint> WaterPoints);

/// <summary>An accepting facility and how far it is: metres, <c>walking</c> or <c>straight_line</c>, and the walking
/// minutes (rounded up, at the configured walking speed) when it is a walk.</summary>
public sealed record NearStayFacility(PublicStayFacility Facility, double DistanceM, string DistanceKind, double? WalkMinutes);

/// <summary>HQ's view: totals across facilities and the facilities nearest to full first.</summary>
public sealed record StayFacilityOverview(StayTotals Totals, IReadOnlyList<StayFacility> Facilities)
{
    public static StayFacilityOverview Of(IReadOnlyList<StayFacility> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var totals = new StayTotals(all.Count, all.Count(f => f.Status == StayStatuses.Accepting),
            all.Count(f => f.Status == StayStatuses.Suspended), all.Count(f => f.Status == StayStatuses.Full),
            all.Count(f => f.Status == StayStatuses.NotOpened), all.Sum(f => f.Capacity ?? 0), all.Sum(f => f.Accepted));
        // Nearest to full first: full ones, then by share of capacity taken; unknown capacity and not opened last.
        var ordered = all.OrderByDescending(f => f.Status == StayStatuses.Full)
            .ThenByDescending(f => f.Status != StayStatuses.NotOpened)
            .ThenByDescending(f => f.Capacity is > 0 and var c ? (double)f.Accepted / c : -1)
            .ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        return new StayFacilityOverview(totals, ordered);
    }
}

/// <summary>Counts across stay facilities.</summary>
public sealed record StayTotals(int Facilities, int Accepting, int Suspended, int Full, int NotOpened, int Capacity, int Accepted);
