namespace Minato.Audit;

/// <summary>
/// One audited act: who (subject and role), what (<paramref name="Action"/>, e.g. <c>report.create</c> or
/// <c>ledger.read</c>), on which entity, with details (serialised to JSON; never secrets). Personal data itself does not
/// belong in the details, only ids.
/// </summary>
public sealed record AuditRecord(string Actor, string Role, string Action, string Entity, string? EntityId, object? Details = null);
