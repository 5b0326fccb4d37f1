using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Results;
using Minato.Disaster.Idempotency;
using Minato.Disaster.Reports;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Reports;

/// <summary>
/// Field damage reports: <c>POST /api/reports</c> (idempotent, JSON or multipart with photos), <c>GET /api/reports</c>
/// (GeoJSON, scoped to the caller), <c>GET /api/reports/{id}</c>, <c>POST /api/reports/{id}/status</c>,
/// <c>POST /api/reports/{id}/photos</c>, <c>GET /api/reports/{id}/photos/{photoId}</c>. Staff only; there is no public
/// report endpoint (reports name their reporter).
/// </summary>
public static class ReportsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<ReportOptions>();
        services.AddValidatedOptions<IdempotencyOptions>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ReportOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value);
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<PhotoDecodeGate>();
        services.TryAddSingleton<ReportStore>();
        services.AddSingleton<ISituationSource, ReportSituationSource>();
        services.AddHostedService<IdempotencyPurgeService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Field reports").NoStore();
        api.MapPost("", CreateAsync).RequireAuthorization(MinatoPolicies.Staff).WithName("CreateReport")
            .WithSummary("Report damage (header Idempotency-Key required; JSON, or multipart with part 'report' and files 'photos')")
            .Accepts<ReportInputDoc>("application/json", "multipart/form-data")
            .Produces<ReportView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", ListAsync).RequireAuthorization(MinatoPolicies.Staff).WithName("ListReports")
            .WithSummary(
                "Reports the caller may see as GeoJSON (status, category: comma lists; district; bbox=minLon,minLat,maxLon,maxLat; limit)")
            .Produces<string>(StatusCodes.Status200OK, "application/geo+json");
        api.MapGet("/{id:long}", GetAsync).RequireAuthorization(MinatoPolicies.Staff).WithName("GetReport")
            .WithSummary("One report (HQ, the reporter, or staff of its district)");
        api.MapPost("/{id:long}/status", ChangeStatusAsync).RequireAuthorization(MinatoPolicies.District).WithName("ChangeReportStatus")
            .Accepts<StatusRequest>("application/json")
            .WithSummary("Move a report along reported → confirmed → assigned → in-progress → resolved (or rejected); HQ or its district");
        api.MapPost("/{id:long}/photos", AddPhotosAsync).RequireAuthorization(MinatoPolicies.Staff).WithName("AddReportPhotos")
            .WithSummary("Add photos to an open report (multipart files 'photos'; header Idempotency-Key required)")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id:long}/photos/{photoId:long}", GetPhotoAsync).RequireAuthorization(MinatoPolicies.Staff).WithName("GetReportPhoto")
            .WithSummary("A report photo (re-encoded: no EXIF/XMP, no GPS position)");
        return app;
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, ReportStore reports, ReportOptions options, PhotoDecodeGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (IdempotencyKey.Check(key) is { } keyError)
        {
            return OpsProblems.Invalid(IdempotencyHeader, keyError);
        }

        var body = await ReportBodyReader.ReadAsync(context.Request, options, reportRequired: true, cancellationToken);
        if (body.Problem is ProblemHttpResult bodyProblem)
        {
            return bodyProblem;
        }

        ReportValidation validation;
        try
        {
            validation = ReportValidator.Validate(body.Json!.Value, options, time.GetUtcNow());
        }
        catch (JsonException e)
        {
            return OpsProblems.BadRequest("the report is not valid JSON: " + e.Message);
        }

        if (!validation.IsValid)
        {
            return OpsProblems.Invalid(validation.Errors);
        }

        var (photos, photoProblem) = ProcessPhotos(context, body.Photos, options, gate);
        if (photoProblem is not null)
        {
            return photoProblem;
        }

        var hash = IdempotencyStore.Hash(body.ContentParts());
        var outcome = await reports.CreateAsync(actor, key, hash, validation.Draft!, photos, cancellationToken);
        return Respond(context, outcome, StatusCodes.Status201Created);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> AddPhotosAsync(
        long id, HttpContext context, ReportStore reports, ReportOptions options, PhotoDecodeGate gate,
        CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (IdempotencyKey.Check(key) is { } keyError)
        {
            return OpsProblems.Invalid(IdempotencyHeader, keyError);
        }

        var body = await ReportBodyReader.ReadAsync(context.Request, options, reportRequired: false, cancellationToken);
        if (body.Problem is ProblemHttpResult bodyProblem)
        {
            return bodyProblem;
        }

        if (body.Photos.Count == 0)
        {
            return OpsProblems.BadRequest("no photos: send files in multipart parts named 'photos'");
        }

        var (photos, photoProblem) = ProcessPhotos(context, body.Photos, options, gate);
        if (photoProblem is not null)
        {
            return photoProblem;
        }

        var outcome = await reports.AddPhotosAsync(actor, id, key, IdempotencyStore.Hash(body.ContentParts()), photos, cancellationToken);
        return Respond(context, outcome, StatusCodes.Status200OK);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext context, ReportStore reports, string? status, string? category, string? district, string? bbox, int? limit,
        CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var statuses = SplitList(status, ReportStatuses.IsKnown, "status", ReportStatuses.All, errors);
        var categories = SplitList(category, ReportCategories.IsKnown, "category", ReportCategories.All, errors);
        double[]? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            var parts = bbox.Split(',');
            box = parts.Length == 4 && parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                ? [.. parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture))]
                : null;
            if (box is null || box[0] > box[2] || box[1] > box[3] || box.Any(v => !double.IsFinite(v)))
            {
                errors["bbox"] = ["bbox is minLon,minLat,maxLon,maxLat (four numbers, EPSG:6668)"];
            }
        }

        if (limit is < 1 or > 5000)
        {
            errors["limit"] = ["limit is 1–5000"];
        }

        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        if (district is not null && !actor.IsHq && actor.Role == MinatoClaims.DistrictRole && actor.District != district)
        {
            return OpsProblems.Forbidden($"district staff of '{actor.District}' cannot list the reports of district '{district}'");
        }

        var found = await reports.ListAsync(actor, new ReportFilter(
            Statuses: statuses, Categories: categories, District: district, Bbox: box, Limit: limit ?? 500), cancellationToken);
        var features = string.Join(',', found.Select(ReportJson.Feature));
        return TypedResults.Text($"{{\"type\":\"FeatureCollection\",\"numberReturned\":{found.Count},\"features\":[{features}]}}",
            "application/geo+json");
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, ReportStore reports, CancellationToken cancellationToken)
    {
        var outcome = await reports.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken);
        return Respond(context, outcome, StatusCodes.Status200OK);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        long id, HttpContext context, ReportStore reports, ReportOptions options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<StatusRequest>(context.Request, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value!;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Status is null || !ReportStatuses.Targets.Contains(request.Status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", ReportStatuses.Targets)}"];
        }

        if (request.Note is { Length: var n } && n > options.MaxNoteLength)
        {
            errors["note"] = [$"note is too long ({n} > {options.MaxNoteLength} characters)"];
        }

        var assignee = string.IsNullOrWhiteSpace(request.Assignee) ? null : request.Assignee.Trim();
        if (assignee is { Length: > 200 })
        {
            errors["assignee"] = ["assignee is at most 200 characters"];
        }
        else if (request.Status == ReportStatuses.Assigned && assignee is null)
        {
            errors["assignee"] = ["assignee is required when assigning a report (the team or person taking it)"];
        }

        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var outcome = await reports.ChangeStatusAsync(OpsProblems.RequireActor(context), id, new StatusChange(request.Status!, note,
            assignee), cancellationToken);
        return Respond(context, outcome, StatusCodes.Status200OK);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhotoAsync(
        long id, long photoId, HttpContext context, ReportStore reports, CancellationToken cancellationToken)
    {
        var (outcome, photo) = await reports.GetPhotoAsync(OpsProblems.RequireActor(context), id, photoId, cancellationToken);
        if (!outcome.Succeeded)
        {
            return OpsProblems.From(outcome);
        }

        if (photo is null)
        {
            return OpsProblems.NotFound("photo", photoId.ToString(CultureInfo.InvariantCulture));
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(photo.Value.Bytes, photo.Value.ContentType);
    }

    private static (List<ProcessedPhoto> Photos, ProblemHttpResult? Problem) ProcessPhotos(
        HttpContext context, IReadOnlyList<PhotoUpload> uploads, ReportOptions options, PhotoDecodeGate gate)
    {
        var photos = new List<ProcessedPhoto>(uploads.Count);
        if (uploads.Count == 0)
        {
            return (photos, null);
        }

        using var slot = gate.TryEnter();
        if (slot is null)
        {
            var retry = options.PhotoBusyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = retry;
            return ([], TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Busy processing photos / 写真の処理が混み合っています",
                detail: $"{options.MaxConcurrentPhotoDecodes} requests are decoding photos (Minato:Reports:MaxConcurrentPhotoDecodes); " +
                        $"send the same request again with the same Idempotency-Key after {retry} s / " +
                        $"{retry}秒後に同じ内容で再送してください"));
        }

        foreach (var upload in uploads)
        {
            var result = PhotoProcessor.Process(upload, options);
            if (result.Photo is null)
            {
                return ([], result.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => OpsProblems.TooLarge(result.Error!),
                    StatusCodes.Status415UnsupportedMediaType => OpsProblems.UnsupportedMediaType(result.Error!),
                    _ => OpsProblems.Unprocessable(result.Error),
                });
            }

            photos.Add(result.Photo);
        }

        return (photos, null);
    }

    private static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> Respond(
        HttpContext context, Outcome<ReportReply> outcome, int doneStatus)
    {
        if (!outcome.Succeeded)
        {
            return OpsProblems.From(outcome);
        }

        if (outcome.Value!.Replay is { } replay)
        {
            context.Response.Headers[ReplayedHeader] = "true";
            if (replay.StatusCode == StatusCodes.Status201Created && replay.Location is not null)
            {
                context.Response.Headers.Location = replay.Location;
            }

            return TypedResults.Text(replay.Body, "application/json", statusCode: replay.StatusCode);
        }

        if (doneStatus == StatusCodes.Status201Created)
        {
            context.Response.Headers.Location = ReportStore.Location(outcome.Value.Report!.Id);
        }

        return TypedResults.Text(outcome.Value.Json, "application/json", statusCode: doneStatus);
    }

    private static string[]? SplitList(
        string? text, Func<string, bool> known, string name, IReadOnlyList<string> allowed, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bad = items.Where(i => !known(i)).ToList();
        if (bad.Count > 0)
        {
            errors[name] = [$"unknown {name} {string.Join(", ", bad)}: one of {string.Join(", ", allowed)}"];
        }

        return items;
    }
}
