using System.Globalization;
using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.PublicAlerts;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>
/// Staff call-ups: proposed by the 配備体制 rules from a trigger (<see cref="ProposeAsync"/>, called by the JMA module
/// and by hand), started by hq (at once, or by confirming a proposal), answered through per-person links, reminded,
/// ended. Every step is audited (<c>callup.propose</c>, <c>callup.start</c>, <c>callup.dismiss</c>, <c>callup.end</c>,
/// <c>callup.answer</c>, <c>callup.remind</c>) in its transaction and the board is published live after commit
/// (<see cref="CallUpChanges"/>). Thread-safe.
/// </summary>
public sealed partial class CallUpService(
    NpgsqlDataSource db, TimeProvider time, ISituationBus bus, ICallUpMailQueue mail, CallUpOptions options,
    PublicAlertOptions alertOptions)
{
    /// <summary>The fallback when no base URL is configured and no request started the call-up.</summary>
    public const string FallbackBaseUrl = "http://localhost:5080";

    /// <summary>
    /// What the rules say about <paramref name="trigger"/>: a JMA code matches the active rules naming it; an intensity
    /// matches the active rules with the highest threshold at or below it (震度6弱 → the 6弱 rule, not also the 5弱 one).
    /// Each matching rule yields a call-up: <c>proposed</c> (waiting for hq) or, for an immediate rule, <c>active</c> with
    /// its e-mails on their way. A rule that already has an open (proposed or active) call-up yields that one again, so a
    /// repeated or continued JMA message proposes nothing new. No matching rule: an empty list.
    /// </summary>
    /// <param name="trigger">The JMA product or the earthquake.</param>
    /// <param name="actor">Who asks (hq by hand); null = the system (the JMA module).</param>
    /// <param name="requestBaseUrl">The address of the request that asks, for the links when none is configured.</param>
    public async Task<Outcome<IReadOnlyList<CallUpView>>> ProposeAsync(CallUpTrigger trigger, Actor? actor = null,
        string? requestBaseUrl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var errors = trigger.Validate();
        if (errors.Count > 0)
        {
            return Outcome<IReadOnlyList<CallUpView>>.Invalid("the trigger is not valid / 入力が不正です", errors);
        }

        actor ??= Actor.System;
        var rules = (await db.QueryAsync($"SELECT {CallUpRuleStore.Columns} FROM ops.callup_rules WHERE active AND trigger_kind = $1",
            [trigger.Kind], CallUpRuleStore.Read, cancellationToken)).ToList();
        if (trigger.Kind == CallUpTrigger.Jma)
        {
            rules = [.. rules.Where(r => string.Equals(r.TriggerCode, trigger.Code!.Trim(), StringComparison.Ordinal))];
        }
        else
        {
            var observed = SeismicIntensity.Rank(trigger.Intensity);
            var reached = rules.Where(r => SeismicIntensity.Rank(r.MinIntensity) <= observed).ToList();
            var top = reached.Count == 0 ? 0 : reached.Max(r => SeismicIntensity.Rank(r.MinIntensity));
            rules = [.. reached.Where(r => SeismicIntensity.Rank(r.MinIntensity) == top)];
        }

        var result = new List<CallUpView>();
        foreach (var rule in rules.OrderBy(r => r.Id))
        {
            result.Add(await ProposeOneAsync(rule, trigger, actor, requestBaseUrl, cancellationToken));
        }

        return Outcome<IReadOnlyList<CallUpView>>.Ok(result);
    }

    private async Task<CallUpView> ProposeOneAsync(CallUpRule rule, CallUpTrigger trigger, Actor actor, string? requestBaseUrl,
        CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        // One open call-up per rule: concurrent triggers of the same rule wait here and then find the first one's.
        await tx.ExecAsync("SELECT pg_advisory_xact_lock(1413, $1::int)", [(int)rule.Id], cancellationToken);
        var open = await CallUpQueries.LoadAsync(tx, "rule_id = $1 AND state IN ('proposed', 'active')", [rule.Id], cancellationToken);
        if (open.Count > 0)
        {
            return open[0];
        }

        var now = time.GetUtcNow();
        var id = (long)(await tx.ScalarAsync(
            """
            INSERT INTO ops.callups (state, level, groups, reason, rule_id, rule_version, trigger, created_at, created_by)
            VALUES ('proposed', $1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING id
            """, [rule.Level, rule.Groups.ToArray(), $"{trigger.Reason} — {rule.Name}", rule.Id, rule.Version,
                JsonSerializer.Serialize(trigger), now, actor.Identity], cancellationToken))!;
        await AuditLog.AppendAsync(tx, actor.Audit("callup.propose", "callup", Text(id), new
        {
            ruleId = rule.Id, ruleVersion = rule.Version, rule.Level, rule.Groups,
            trigger = new { trigger.Kind, trigger.Code, trigger.Intensity, trigger.Reference },
            rule.Immediate,
        }), cancellationToken);
        if (rule.Immediate)
        {
            await ActivateAsync(tx, id, actor, requestBaseUrl, now, cancellationToken);
        }

        return await CommitAsync(tx, id, cancellationToken);
    }

    /// <summary>hq calls up <paramref name="groups"/> (empty = everyone) at <paramref name="level"/> at once.</summary>
    public async Task<Outcome<CallUpView>> StartAsync(Actor actor, string? level, IReadOnlyList<string>? groups, string? reason,
        string? requestBaseUrl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!CallUpLevels.IsKnown(level))
        {
            errors["level"] = ["info, first, second or third"];
        }

        if (StaffInput.CheckGroups(groups ?? [], allowEmpty: true) is { } groupError)
        {
            errors["groups"] = [groupError];
        }

        if (reason?.Trim().Length > 200)
        {
            errors["reason"] = ["at most 200 characters"];
        }

        if (errors.Count > 0)
        {
            return Outcome<CallUpView>.Invalid("the call-up is not valid / 入力が不正です", errors);
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var id = (long)(await tx.ScalarAsync(
            """
            INSERT INTO ops.callups (state, level, groups, reason, created_at, created_by)
            VALUES ('proposed', $1, $2, $3, $4, $5) RETURNING id
            """, [level, (groups ?? []).Order(StringComparer.Ordinal).ToArray(),
                string.IsNullOrWhiteSpace(reason) ? "本部指示 / HQ order" : reason.Trim(), now, actor.Identity], cancellationToken))!;
        await ActivateAsync(tx, id, actor, requestBaseUrl, now, cancellationToken);
        return Outcome<CallUpView>.Created(await CommitAsync(tx, id, cancellationToken));
    }

    /// <summary>hq confirms a proposal: it becomes active and its e-mails go out.</summary>
    public Task<Outcome<CallUpView>> ConfirmAsync(Actor actor, long id, string? requestBaseUrl = null,
        CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, CallUpStates.Proposed, async (tx, now) =>
            await ActivateAsync(tx, id, actor, requestBaseUrl, now, cancellationToken), cancellationToken);

    /// <summary>hq declines a proposal: nobody is called.</summary>
    public Task<Outcome<CallUpView>> DismissAsync(Actor actor, long id, CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, CallUpStates.Proposed, async (tx, now) =>
        {
            await tx.ExecAsync(
                "UPDATE ops.callups SET state = 'dismissed', ended_at = $2, ended_by = $3, board_version = board_version + 1 " +
                "WHERE id = $1", [id, now, actor.Identity], cancellationToken);
            await AuditLog.AppendAsync(tx, actor.Audit("callup.dismiss", "callup", Text(id)), cancellationToken);
        }, cancellationToken);

    /// <summary>hq ends an active call-up: its links stop working, no reminder goes out.</summary>
    public Task<Outcome<CallUpView>> EndAsync(Actor actor, long id, CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, CallUpStates.Active, async (tx, now) =>
        {
            await tx.ExecAsync("UPDATE ops.callups SET state = 'ended', ended_at = $2, ended_by = $3, board_version = board_version + 1 " +
                "WHERE id = $1", [id, now, actor.Identity], cancellationToken);
            await AuditLog.AppendAsync(tx, actor.Audit("callup.end", "callup", Text(id)), cancellationToken);
        }, cancellationToken);

    /// <summary>Call-ups, newest first (hq: with the names of those who have not answered, so the read is audited).</summary>
    public async Task<IReadOnlyList<CallUpView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var all = await CallUpQueries.LoadAsync(tx, "true", [], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("callup.read", "callup", null, new { ids = all.Select(c => c.Id).ToArray() }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return all;
    }

    /// <summary>The open and recent call-ups, for a starting node's live situation.</summary>
    public async Task<IReadOnlyList<CallUpView>> LoadLiveAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        return await CallUpQueries.LoadAsync(tx, "state IN ('proposed', 'active') OR (state = 'ended' AND ended_at > $1)",
            [time.GetUtcNow().AddDays(-1)], cancellationToken);
    }

    private async Task<Outcome<CallUpView>> TransitionAsync(Actor actor, long id, string from,
        Func<NpgsqlTransaction, DateTimeOffset, Task> act,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var state = (string?)await tx.ScalarAsync("SELECT state FROM ops.callups WHERE id = $1 FOR UPDATE", [id], cancellationToken);
        if (state is null)
        {
            return Outcome<CallUpView>.NotFound($"no call-up '{id}'");
        }

        if (state != from)
        {
            return Outcome<CallUpView>.Conflict($"the call-up is {state}, not {from} / この参集は{state}です");
        }

        await act(tx, time.GetUtcNow());
        return Outcome<CallUpView>.Ok(await CommitAsync(tx, id, cancellationToken));
    }

    /// <summary>Makes call-up <paramref name="id"/> active: its recipients (staff of its groups) and their e-mails, pending.</summary>
    private async Task ActivateAsync(NpgsqlTransaction tx, long id, Actor actor, string? requestBaseUrl, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var baseUrl = new[] { options.BaseUrl, alertOptions.PublicBaseUrl, requestBaseUrl }
            .FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))
            ?? FallbackBaseUrl;
        await tx.ExecAsync(
            """
            UPDATE ops.callups SET state = 'active', started_at = $2, started_by = $3, base_url = $4, links_expire = $5,
              board_version = board_version + 1 WHERE id = $1
            """, [id, now, actor.Identity, baseUrl.TrimEnd('/'), now.AddHours(options.LinkLifetimeHours)], cancellationToken);
        var recipients = await tx.ExecAsync(
            """
            INSERT INTO ops.callup_recipients (callup_id, staff_id, district, groups)
            SELECT c.id, s.id, s.district, s.groups FROM ops.callups c JOIN ops.staff s ON c.groups = '{}' OR s.groups && c.groups
            WHERE c.id = $1
            """, [id], cancellationToken);
        await tx.ExecAsync(
            "INSERT INTO ops.callup_mails (recipient_id, kind, created_at) " +
            "SELECT id, 'callup', $2 FROM ops.callup_recipients WHERE callup_id = $1",
            [id, now], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("callup.start", "callup", Text(id), new { recipients }), cancellationToken);
    }

    /// <summary>Reads the call-up as committed by <paramref name="tx"/>, commits, publishes it and wakes the mailer.</summary>
    private async Task<CallUpView> CommitAsync(NpgsqlTransaction tx, long id, CancellationToken cancellationToken)
    {
        var view = (await CallUpQueries.GetAsync(tx, id, cancellationToken))!;
        await tx.CommitAsync(cancellationToken);
        bus.Publish(CallUpChanges.For(view));
        if (view.State == CallUpStates.Active)
        {
            mail.Enqueue(id);
        }

        return view;
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}
