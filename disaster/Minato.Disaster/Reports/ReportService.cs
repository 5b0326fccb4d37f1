using System.Globalization;
using Minato.Disaster.Idempotency;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Audit;
using Npgsql;

namespace Minato.Disaster.Reports;

/// <summary>
/// Field damage reports: create (idempotent, with photos and road blocking), status workflow, photos, reads scoped to
/// the caller. Each write is one transaction holding the write, its audit rows and (for creates) its idempotency row;
/// the live change is published after the commit. Thread-safe.
/// </summary>
public sealed class ReportService(
    NpgsqlDataSource db, IdempotencyStore idempotency, ISituationBus bus, TimeProvider time, ReportOptions options)
{
    public const string CreateScope = "report.create";
    public const string PhotoScope = "report.photo";

    /// <summary>Whether <paramref name="actor"/> may read <paramref name="report"/>: HQ, the reporter, or staff of its district.</summary>
    public static bool CanSee(Actor actor, ReportView report)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(report);
        return actor.IsHq || IsReporter(actor, report)
            || (actor.Role == MinatoClaims.DistrictRole && actor.District is not null && actor.District == report.District);
    }

    /// <summary>Whether <paramref name="actor"/> filed <paramref name="report"/>: the same subject in the same role.</summary>
    public static bool IsReporter(Actor actor, ReportView report)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(report);
        return report.ReportedBy == actor.Subject && report.ReporterRole == actor.Role;
    }

    /// <summary>Creates a report once per idempotency key; a retry gets the first response back.</summary>
    public async Task<ReportOutcome> CreateAsync(
        Actor actor, string key, byte[] requestHash, ReportDraft draft, IReadOnlyList<ProcessedPhoto> photos, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(photos);
        var idemKey = new IdempotencyKey(CreateScope, actor.Identity, key);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var claim = await idempotency.ClaimAsync(tx, idemKey, requestHash, cancellationToken);
        if (claim.Outcome != IdempotencyOutcome.Claimed)
        {
            return KeyOutcome(claim);
        }

        var (inside, district) = await ReportRepository.LocateAsync(conn, draft.Geometry, cancellationToken);
        if (!inside)
        {
            // Rolled back on dispose: the key stays free for a corrected retry.
            return ReportOutcome.Failed(ReportOutcomeKind.OutsideWard, "the location is outside Minato City / 港区の区域外です");
        }

        var now = time.GetUtcNow();
        var id = await ReportRepository.InsertAsync(tx, draft, district, actor.Subject, actor.Role, now, cancellationToken);
        var photoIds = await ReportRepository.InsertPhotosAsync(tx, id, photos, actor.Subject, now, cancellationToken);
        var roads = draft.Category == ReportCategories.RoadBlocked
            ? await ReportRepository.BlockRoadsAsync(tx, id, draft.Geometry, options, cancellationToken)
            : [];
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        await AuditLog.AppendAsync(tx, actor.Audit("report.create", "report", entityId, new
        {
            category = draft.Category,
            severity = draft.Severity,
            district,
            geometry = draft.Geometry.GeometryType,
            photos = photoIds,
            blockedRoads = roads,
        }), cancellationToken);
        await AuditPhotosAsync(tx, actor, entityId, photoIds, photos, cancellationToken);

        var view = (await ReportRepository.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        var json = ReportJson.Serialize(view);
        await idempotency.CompleteAsync(tx, idemKey, new StoredResponse(201, Location(id), json), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return ReportOutcome.Done(view, json);
    }

    /// <summary>Adds photos to an open report (the reporter, HQ or staff of its district); idempotent like create.</summary>
    public async Task<ReportOutcome> AddPhotosAsync(
        Actor actor, long id, string key, byte[] requestHash, IReadOnlyList<ProcessedPhoto> photos, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(photos);
        var idemKey = new IdempotencyKey(PhotoScope, actor.Identity, key);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var claim = await idempotency.ClaimAsync(tx, idemKey, requestHash, cancellationToken);
        if (claim.Outcome != IdempotencyOutcome.Claimed)
        {
            return KeyOutcome(claim);
        }

        var current = await ReportRepository.LockAsync(tx, id, cancellationToken);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        if (current is null)
        {
            return ReportOutcome.Failed(ReportOutcomeKind.NotFound, entityId);
        }

        var before = (await ReportRepository.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        if (!(IsReporter(actor, before) || actor.CanActForDistrict(before.District)))
        {
            return ReportOutcome.Failed(ReportOutcomeKind.Forbidden, "only the reporter, HQ or staff of the report's district may add photos");
        }

        if (ReportStatuses.IsClosed(before.Status))
        {
            return ReportOutcome.Failed(ReportOutcomeKind.Conflict, $"report {id} is {before.Status}: no more photos");
        }

        var now = time.GetUtcNow();
        var photoIds = await ReportRepository.InsertPhotosAsync(tx, id, photos, actor.Subject, now, cancellationToken);
        await AuditPhotosAsync(tx, actor, entityId, photoIds, photos, cancellationToken);
        var view = (await ReportRepository.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        var json = ReportJson.Serialize(view);
        await idempotency.CompleteAsync(tx, idemKey, new StoredResponse(200, Location(id), json), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return ReportOutcome.Done(view, json);
    }

    /// <summary>Moves a report along the workflow (HQ, or district staff of the report's district).</summary>
    public async Task<ReportOutcome> ChangeStatusAsync(Actor actor, long id, StatusChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var current = await ReportRepository.LockAsync(tx, id, cancellationToken);
        if (current is null)
        {
            return ReportOutcome.Failed(ReportOutcomeKind.NotFound, entityId);
        }

        var (from, category, district) = current.Value;
        if (!actor.CanActForDistrict(district))
        {
            return ReportOutcome.Failed(ReportOutcomeKind.Forbidden,
                $"only HQ or staff of district '{district ?? "(none)"}' may change this report's status");
        }

        if (!ReportStatuses.CanMove(from, change.Status))
        {
            var next = ReportStatuses.NextOf(from);
            return ReportOutcome.Failed(ReportOutcomeKind.Conflict,
                $"a {from} report cannot become {change.Status} (allowed: {(next.Count == 0 ? "none, it is closed" : string.Join(", ", next))})");
        }

        var now = time.GetUtcNow();
        await ReportRepository.SetStatusAsync(tx, id, change.Status, change.Assignee, now, cancellationToken);
        await ReportRepository.AddHistoryAsync(tx, id, change.Status, now, actor.Subject, actor.Role, change.Note, change.Assignee, cancellationToken);
        var reopened = ReportStatuses.IsClosed(change.Status) && category == ReportCategories.RoadBlocked
            ? await ReportRepository.UnblockRoadsAsync(tx, id, cancellationToken)
            : [];
        await AuditLog.AppendAsync(tx, actor.Audit("report.status", "report", entityId, new
        {
            from,
            to = change.Status,
            assigned = change.Assignee is not null,
            note = change.Note is not null,
            reopenedRoads = reopened,
        }), cancellationToken);
        var view = (await ReportRepository.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return ReportOutcome.Done(view, ReportJson.Serialize(view));
    }

    /// <summary>One report if the caller may see it. A read is audited (<c>report.read</c>, ids only).</summary>
    public async Task<ReportOutcome> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        var outcome = await FindVisibleAsync(actor, id, cancellationToken);
        if (outcome.Kind == ReportOutcomeKind.Done)
        {
            await AuditLog.AppendAsync(db, actor.Audit("report.read", "report", outcome.Report!.Id.ToString(CultureInfo.InvariantCulture),
                new { reportIds = new[] { id } }), cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// A photo of a report the caller may see (null photo: the report has no such photo; the outcome says why else).
    /// A read is audited (<c>photo.read</c>, ids only).
    /// </summary>
    public async Task<(ReportOutcome Outcome, (string ContentType, byte[] Bytes)? Photo)> GetPhotoAsync(
        Actor actor, long id, long photoId, CancellationToken cancellationToken = default)
    {
        var outcome = await FindVisibleAsync(actor, id, cancellationToken);
        if (outcome.Kind != ReportOutcomeKind.Done)
        {
            return (outcome, null);
        }

        var photo = await ReportRepository.PhotoAsync(db, id, photoId, cancellationToken);
        if (photo is not null)
        {
            await AuditLog.AppendAsync(db, actor.Audit("photo.read", "photo", photoId.ToString(CultureInfo.InvariantCulture),
                new { reportId = id, photoId }), cancellationToken);
        }

        return (outcome, photo);
    }

    private async Task<ReportOutcome> FindVisibleAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var found = await ReportRepository.QueryAsync(conn, null, new ReportFilter(Id: id), cancellationToken);
        if (found.Count == 0)
        {
            return ReportOutcome.Failed(ReportOutcomeKind.NotFound, id.ToString(CultureInfo.InvariantCulture));
        }

        return CanSee(actor, found[0])
            ? ReportOutcome.Done(found[0], ReportJson.Serialize(found[0]))
            : ReportOutcome.Failed(ReportOutcomeKind.Forbidden, "this report belongs to another district");
    }

    /// <summary>
    /// Reports matching <paramref name="filter"/> that the caller may see (its visibility fields are set here). Audited as
    /// one <c>report.read</c> listing the ids returned.
    /// </summary>
    public async Task<IReadOnlyList<ReportView>> ListAsync(Actor actor, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var scoped = actor.IsHq
            ? filter with { OwnSubject = null, OwnRole = null, OwnDistrict = null }
            : filter with
            {
                OwnSubject = actor.Subject,
                OwnRole = actor.Role,
                OwnDistrict = actor.Role == MinatoClaims.DistrictRole ? actor.District : null,
            };
        IReadOnlyList<ReportView> found;
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            found = await ReportRepository.QueryAsync(conn, null, scoped, cancellationToken);
        }

        await AuditLog.AppendAsync(db, actor.Audit("report.read", "report", null, new { reportIds = found.Select(r => r.Id).ToArray() }),
            cancellationToken);
        return found;
    }

    /// <summary>Open reports (for the live situation at start).</summary>
    public async Task<IReadOnlyList<ReportView>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return await ReportRepository.QueryAsync(conn, null, new ReportFilter(
            Statuses: [.. ReportStatuses.All.Where(s => !ReportStatuses.IsClosed(s))], Limit: 100_000), cancellationToken);
    }

    public static string Location(long id) => string.Create(CultureInfo.InvariantCulture, $"/api/reports/{id}");

    private static ReportOutcome KeyOutcome(IdempotencyClaim claim) => claim.Outcome == IdempotencyOutcome.Replay
        ? new ReportOutcome(ReportOutcomeKind.Replayed, Replay: claim.Response)
        : ReportOutcome.Failed(ReportOutcomeKind.KeyMismatch,
            "this Idempotency-Key was already used for a different request; use a new key for a new report / 別の内容に同じキーが使われています");

    private static async Task AuditPhotosAsync(
        NpgsqlTransaction tx, Actor actor, string reportId, IReadOnlyList<long> photoIds, IReadOnlyList<ProcessedPhoto> photos, CancellationToken cancellationToken)
    {
        for (var i = 0; i < photoIds.Count; i++)
        {
            await AuditLog.AppendAsync(tx, actor.Audit("report.photo", "report", reportId, new
            {
                photo = photoIds[i],
                contentType = photos[i].ContentType,
                bytes = photos[i].Bytes.Length,
                sha256 = Convert.ToHexStringLower(photos[i].UploadSha256),
            }), cancellationToken);
        }
    }
}
