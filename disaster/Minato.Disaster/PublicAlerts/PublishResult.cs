namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// What an explicit publish (issue, update, cancel) produced: the alert as published, the id of its CAP message and
/// the number of e-mail recipients chosen. Carried in an <c>Outcome&lt;PublishResult&gt;</c>.
/// </summary>
public sealed record PublishResult(PublicAlert Alert, long MessageId, int Recipients);
