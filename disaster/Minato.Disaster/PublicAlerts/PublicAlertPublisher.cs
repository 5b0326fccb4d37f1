using Minato.Disaster.Results;
using Minato.Disaster.Notifications;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The use cases issue / update / cancel: check the request, resolve the area, publish in one transaction, then — after
/// commit — push the live change and hand the message to the mailer. Publishing is only ever this explicit act.
/// </summary>
public sealed class PublicAlertPublisher(
    NpgsqlDataSource db, PublicAlertStore store, ISituationBus bus, IAlertMailQueue mail, TimeProvider time, PublicAlertOptions options)
{
    public async Task<Outcome<PublishResult>> IssueAsync(Actor actor, PublicAlertRequest? request,
        CancellationToken cancellationToken = default)
    {
        var (draft, area, invalid) = await CheckAsync(request, cancellationToken);
        return invalid ?? After(await store.IssueAsync(actor, draft!, area!, cancellationToken));
    }

    public async Task<Outcome<PublishResult>> UpdateAsync(Actor actor, long id, PublicAlertRequest? request,
        CancellationToken cancellationToken = default)
    {
        var (draft, area, invalid) = await CheckAsync(request, cancellationToken);
        return invalid ?? After(await store.UpdateAsync(actor, id, draft!, area!, cancellationToken));
    }

    public async Task<Outcome<PublishResult>> CancelAsync(Actor actor, long id, CancelAlertRequest? request,
        CancellationToken cancellationToken = default)
    {
        var note = request?.Note?.Trim();
        if (note is { Length: > PublicAlertValidator.MaxInstruction })
        {
            return Outcome<PublishResult>.Invalid($"note is longer than {PublicAlertValidator.MaxInstruction} characters");
        }

        return After(await store.CancelAsync(actor, id, string.IsNullOrEmpty(note) ? null : note, cancellationToken));
    }

    private async Task<(AlertDraft?, AlertArea?, Outcome<PublishResult>?)> CheckAsync(
        PublicAlertRequest? request, CancellationToken cancellationToken)
    {
        var validation = PublicAlertValidator.Validate(request, time.GetUtcNow(), options);
        if (!validation.IsValid)
        {
            return (null, null, Outcome<PublishResult>.Invalid(validation.Summary, validation.Errors));
        }

        var (area, error) = await AlertAreaResolver.ResolveAsync(db, validation.Draft!, options, cancellationToken);
        if (area is null)
        {
            var field = validation.Draft!.Districts is not null ? "area.districts" : validation.Draft.Chome is not null ? "area.chome"
                : "area.polygon";
            return (null, null, Outcome<PublishResult>.Invalid($"{field}: {error}",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [error!] }));
        }

        return (validation.Draft, area, null);
    }

    private Outcome<PublishResult> After(Outcome<PublishResult> result)
    {
        if (result.Succeeded)
        {
            bus.Publish([PublicAlertChanges.For(result.Value!.Alert)]);
            mail.Enqueue(result.Value!.MessageId);
        }

        return result;
    }
}
