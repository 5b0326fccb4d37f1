using Minato.Disaster.Results;
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
public sealed partial class ReportStore(
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
    public async Task<Outcome<ReportReply>> CreateAsync(
        Actor actor, string key, byte[] requestHash, ReportDraft draft, IReadOnlyList<ProcessedPhoto> photos,
            CancellationToken cancellationToken = default)
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

        var (inside, district) = await ReportStore.LocateAsync(conn, draft.Geometry, cancellationToken);
        if (!inside)
        {
            // Rolled back on dispose: the key stays free for a corrected retry.
            return Outcome<ReportReply>.Invalid("the location is outside Minato City / 港区の区域外です");
        }

        var now = time.GetUtcNow();
        var id = await ReportStore.InsertAsync(tx, draft, district, actor.Subject, actor.Role, now, cancellationToken);
        var photoIds = await ReportStore.InsertPhotosAsync(tx, id, photos, actor.Subject, now, cancellationToken);
        var roads = draft.Category == ReportCategories.RoadBlocked
            ? await ReportStore.BlockRoadsAsync(tx, id, draft.Geometry, options, cancellationToken)
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

        var view = (await ReportStore.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        var json = ReportJson.Serialize(view);
        await idempotency.CompleteAsync(tx, idemKey, new StoredResponse(201, Location(id), json), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return Outcome<ReportReply>.Ok(new ReportReply(view, json));
    }

    /// <summary>Adds photos to an open report (the reporter, HQ or staff of its district); idempotent like create.</summary>
    public async Task<Outcome<ReportReply>> AddPhotosAsync(
        Actor actor, long id, string key, byte[] requestHash, IReadOnlyList<ProcessedPhoto> photos,
            CancellationToken cancellationToken = default)
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

        var current = await ReportStore.LockAsync(tx, id, cancellationToken);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        if (current is null)
        {
            return Outcome<ReportReply>.NotFound($"no report '{entityId}'");
        }

        var before = (await ReportStore.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        if (!(IsReporter(actor, before) || actor.CanActForDistrict(before.District)))
        {
            return Outcome<ReportReply>.Forbidden( "only the reporter, HQ or staff of the report's district may add photos");
        }

        if (ReportStatuses.IsClosed(before.Status))
        {
            return Outcome<ReportReply>.Conflict( $"report {id} is {before.Status}: no more photos");
        }

        var now = time.GetUtcNow();
        var photoIds = await ReportStore.InsertPhotosAsync(tx, id, photos, actor.Subject, now, cancellationToken);
        await AuditPhotosAsync(tx, actor, entityId, photoIds, photos, cancellationToken);
        var view = (await ReportStore.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        var json = ReportJson.Serialize(view);
        await idempotency.CompleteAsync(tx, idemKey, new StoredResponse(200, Location(id), json), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return Outcome<ReportReply>.Ok(new ReportReply(view, json));
    }

    /// <summary>Moves a report along the workflow (HQ, or district staff of the report's district).</summary>
    public async Task<Outcome<ReportReply>> ChangeStatusAsync(Actor actor, long id, StatusChange change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var current = await ReportStore.LockAsync(tx, id, cancellationToken);
        if (current is null)
        {
            return Outcome<ReportReply>.NotFound($"no report '{entityId}'");
        }

        var (from, category, district) = current.Value;
        if (!actor.CanActForDistrict(district))
        {
            return Outcome<ReportReply>.Forbidden(
                $"only HQ or staff of district '{district ?? "(none)"}' may change this report's status");
        }

        if (!ReportStatuses.CanMove(from, change.Status))
        {
            var next = ReportStatuses.NextOf(from);
            return Outcome<ReportReply>.Conflict(
                $"a {from} report cannot become {change.Status} (allowed: " +
                    $"{(next.Count == 0 ? "none, it is closed" : string.Join(", ", next))})");
        }

        var now = time.GetUtcNow();
        await ReportStore.SetStatusAsync(tx, id, change.Status, change.Assignee, now, cancellationToken);
        await ReportStore.AddHistoryAsync(tx, id, change.Status, now, actor.Subject, actor.Role, change.Note, change.Assignee,
            cancellationToken);
        var reopened = ReportStatuses.IsClosed(change.Status) && category == ReportCategories.RoadBlocked
            ? await ReportStore.UnblockRoadsAsync(tx, id, cancellationToken)
            : [];
        await AuditLog.AppendAsync(tx, actor.Audit("report.status", "report", entityId, new
        {
            from,
            to = change.Status,
            assigned = change.Assignee is not null,
            note = change.Note is not null,
            reopenedRoads = reopened,
        }), cancellationToken);
        var view = (await ReportStore.QueryAsync(conn, tx, new ReportFilter(Id: id), cancellationToken))[0];
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ReportChanges.From(view)]);
        return Outcome<ReportReply>.Ok(new ReportReply(view, ReportJson.Serialize(view)));
    }

    /// <summary>One report if the caller may see it. A read is audited (<c>report.read</c>, ids only).</summary>
    public async Task<Outcome<ReportReply>> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        var outcome = await FindVisibleAsync(actor, id, cancellationToken);
        if (outcome.Succeeded)
        {
            await AuditLog.AppendAsync(db, actor.Audit("report.read", "report", outcome.Value!.Report!.Id.ToString(
                CultureInfo.InvariantCulture),
                new { reportIds = new[] { id } }), cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// A photo of a report the caller may see (null photo: the report has no such photo; the outcome says why else).
    /// A read is audited (<c>photo.read</c>, ids only).
    /// </summary>
    public async Task<(Outcome<ReportReply> Outcome, (string ContentType, byte[] Bytes)? Photo)> GetPhotoAsync(
        Actor actor, long id, long photoId, CancellationToken cancellationToken = default)
    {
        var outcome = await FindVisibleAsync(actor, id, cancellationToken);
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        var photo = await ReportStore.PhotoAsync(db, id, photoId, cancellationToken);
        if (photo is not null)
        {
            await AuditLog.AppendAsync(db, actor.Audit("photo.read", "photo", photoId.ToString(CultureInfo.InvariantCulture),
                new { reportId = id, photoId }), cancellationToken);
        }

        return (outcome, photo);
    }

    private async Task<Outcome<ReportReply>> FindVisibleAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var found = await ReportStore.QueryAsync(conn, null, new ReportFilter(Id: id), cancellationToken);
        if (found.Count == 0)
        {
            return Outcome<ReportReply>.NotFound($"no report '{id.ToString(CultureInfo.InvariantCulture)}'");
        }

        return CanSee(actor, found[0])
            ? Outcome<ReportReply>.Ok(new ReportReply(found[0], ReportJson.Serialize(found[0])))
            : Outcome<ReportReply>.Forbidden( "this report belongs to another district");
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
            found = await ReportStore.QueryAsync(conn, null, scoped, cancellationToken);
        }

        await AuditLog.AppendAsync(db, actor.Audit("report.read", "report", null, new { reportIds = found.Select(r => r.Id).ToArray() }),
            cancellationToken);
        return found;
    }

    /// <summary>Open reports (for the live situation at start).</summary>
    public async Task<IReadOnlyList<ReportView>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return await ReportStore.QueryAsync(conn, null, new ReportFilter(
            Statuses: [.. ReportStatuses.All.Where(s => !ReportStatuses.IsClosed(s))], Limit: 100_000), cancellationToken);
    }

    public static string Location(long id) => string.Create(CultureInfo.InvariantCulture, $"/api/reports/{id}");

    private static Outcome<ReportReply> KeyOutcome(IdempotencyClaim claim)
    {
        if (claim.Outcome == IdempotencyOutcome.Replay)
        {
            return Outcome<ReportReply>.Replayed(new ReportReply(null, claim.Response!.Body, claim.Response));
        }

        const string Reused = "this Idempotency-Key was already used for a different request; use a new key for a new report / "
            + "別の内容に同じキーが使われています";
        return Outcome<ReportReply>.Invalid(Reused,
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [ReportReply.IdempotencyKeyField] = [Reused] });
    }

    private static async Task AuditPhotosAsync(
        NpgsqlTransaction tx, Actor actor, string reportId, IReadOnlyList<long> photoIds, IReadOnlyList<ProcessedPhoto> photos,
            CancellationToken cancellationToken)
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
