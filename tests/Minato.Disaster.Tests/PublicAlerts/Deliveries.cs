namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// Waits for the background mailer to finish a message's deliveries (polling the database with a deadline): none pending
/// and, when there were any, the run's <c>alert.mail</c> audit row written (the mailer appends it after the last delivery).
/// </summary>
internal static class Deliveries
{
    public static async Task WaitFinishedAsync(TestDatabase db, long alertId, int version, TimeSpan timeout)
    {
        var sql = $"""
            WITH m AS (SELECT id FROM ops.public_alert_messages WHERE alert_id = {alertId} AND version = {version}),
                 d AS (SELECT d.status FROM ops.alert_deliveries d JOIN m ON m.id = d.message_id)
            SELECT (SELECT count(*) FROM d WHERE status = 'pending')
                 + CASE WHEN EXISTS (SELECT 1 FROM d) AND NOT EXISTS (
                       SELECT 1 FROM ops.audit_log a JOIN m ON (a.details->>'messageId')::bigint = m.id WHERE a.action = 'alert.mail')
                   THEN 1 ELSE 0 END
            """;
        await Wait.UntilAsync(async () => await db.ScalarAsync<long>(sql) == 0, timeout,
            $"deliveries of alert {alertId} v{version} to finish (none pending) and be audited");
    }
}
