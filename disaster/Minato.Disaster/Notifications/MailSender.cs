using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Minato.Disaster.Notifications;

/// <summary>SMTP sessions as configured in <see cref="MailOptions"/> (MailKit). Stateless.</summary>
public static class MailSender
{
    /// <summary>A connected (and, when configured, authenticated) client; the caller disposes it.</summary>
    public static async Task<SmtpClient> ConnectAsync(MailOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("no SMTP server configured (Minato:Mail:Host)");
        }

        var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message on a session of its own (one try: the caller decides what a failure means).</summary>
    public static async Task SendAsync(MailOptions options, MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(options, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
