namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>Waits for the background mailer to finish a message's deliveries (polling the database with a deadline).</summary>
internal static class Deliveries
{
    public static async Task WaitFinishedAsync(TestDatabase db, long alertId, int version, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        var sql = $"""
            SELECT count(*) FILTER (WHERE d.status = 'pending') * 1000000 + count(*) FROM ops.alert_deliveries d
            JOIN ops.public_alert_messages m ON m.id = d.message_id WHERE m.alert_id = {alertId} AND m.version = {version}
            """;
        while (await db.ScalarAsync<long>(sql, cts.Token) >= 1_000_000)
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"deliveries of alert {alertId} v{version} still pending after {timeout.TotalSeconds} s");
            }
        }
    }
}
