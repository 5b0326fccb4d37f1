using MailKit.Net.Smtp;
using MimeKit;
using Polly;

namespace Minato.Disaster.Notifications;

/// <summary>
/// One SMTP session for a batch of mails (resident alerts, staff call-ups): connects on first use, sends each message
/// under <see cref="MailRetry"/>'s policy, and starts a fresh session after a failed exchange (the old one may be in any
/// state). Not thread-safe: one batch, one session.
/// </summary>
public sealed class MailSession(MailOptions options, TimeProvider time) : IAsyncDisposable
{
    private readonly ResiliencePipeline _pipeline = MailRetry.Pipeline(options, time);
    private SmtpClient? _client;

    /// <summary>Sends <paramref name="message"/>; the attempts made and, when it failed, the mail failure (never a bug).</summary>
    public async Task<(int Attempts, Exception? Failure)> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(async ct =>
            {
                attempts++;
                try
                {
                    _client ??= await MailSender.ConnectAsync(options, ct);
                    await _client.SendAsync(message, ct);
                }
                catch
                {
                    _client?.Dispose();
                    _client = null;
                    throw;
                }
            }, cancellationToken);
            return (attempts, null);
        }
        catch (Exception e) when (MailRetry.IsMailFailure(e))
        {
            return (attempts, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true })
        {
            await _client.DisconnectAsync(true, CancellationToken.None);
        }

        _client?.Dispose();
    }
}
