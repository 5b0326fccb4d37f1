using System.Globalization;
using System.Security.Cryptography;
using Minato.Disaster.Notifications;
using Minato.Disaster.Security;
using Minato.Audit;
using Npgsql;

namespace Minato.Disaster.Subscribers;

/// <summary>
/// Public self-registration with double opt-in: a request is stored with the SHA-256 of a random token and a link is
/// mailed to the address; only opening the link (within <see cref="LinkLifetime"/>) makes a subscriber. The request
/// is kept only if the mail went out (else the caller is told to try later). The answer never says whether an address
/// is already registered. Audited as <c>subscriber.request</c> and <c>subscriber.confirm</c> by actor <c>public</c>.
/// </summary>
public sealed class SelfRegistration(NpgsqlDataSource db, SubscriberStore store, MailOptions mail, TimeProvider time)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(48);

    private static readonly Actor Public = new("public", MinatoClaims.Public);

    /// <summary>Stores a request and mails its link; null on success, else the reason and whether it is the mail server's fault.</summary>
    public async Task<(string? Error, bool MailUnavailable)> RequestAsync(
        SubscriberRequest? request, string confirmBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmBaseUrl);
        if (!mail.IsConfigured)
        {
            return ("self-registration needs an SMTP server (Minato:Mail:Host) / メール送信が設定されていません", true);
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var (checkedRequest, error) = await store.CheckAsync(request, tx, cancellationToken);
        if (checkedRequest is not { } c)
        {
            return (error, false);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO ops.subscription_requests (token_hash, email, language, area_kind, districts, geom, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """, conn, tx))
        {
            insert.Parameters.AddWithValue(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
            insert.Parameters.AddWithValue(c.Email);
            insert.Parameters.AddWithValue(c.Language);
            insert.Parameters.AddWithValue(c.Kind);
            insert.Parameters.AddWithValue(c.Districts);
            insert.Parameters.AddWithValue(c.Geometry);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(now + LinkLifetime);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        await AuditLog.AppendAsync(tx, Public.Audit("subscriber.request", "subscription-request", id.ToString(CultureInfo.InvariantCulture),
            new { language = c.Language, area = c.Kind, districts = c.Districts }), cancellationToken);
        var url = confirmBaseUrl.TrimEnd('/') + "/api/public/subscriptions/confirm?token=" + token;
        try
        {
            await MailSender.SendAsync(mail, ConfirmationMail.Compose(c.Email, c.Language, mail.From, url), cancellationToken);
        }
        catch (Exception e) when (e is MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or IOException
                                     or System.Net.Sockets.SocketException or TimeoutException or MailKit.Security.AuthenticationException)
        {
            return ($"the confirmation e-mail could not be sent ({e.GetType().Name}); please try again later / 確認メールを送信できませんでした", true);
        }

        await tx.CommitAsync(cancellationToken);
        return (null, false);
    }

    /// <summary>Confirms a request by its token: the registrant becomes (or updates) a subscriber; null when the link is unknown or
    /// expired.</summary>
    public async Task<Subscriber?> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            """
            WITH r AS (DELETE FROM ops.subscription_requests WHERE token_hash = $1 AND expires_at > $2 RETURNING *)
            INSERT INTO ops.subscribers (email, language, area_kind, districts, geom, created_at, created_by)
            SELECT email, language, area_kind, districts, geom, $2, 'self' FROM r
            ON CONFLICT ((lower(email))) DO UPDATE SET language = EXCLUDED.language, area_kind = EXCLUDED.area_kind,
                districts = EXCLUDED.districts, geom = EXCLUDED.geom
            RETURNING id, email, language, districts
            """, conn, tx);
        cmd.Parameters.AddWithValue(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
        cmd.Parameters.AddWithValue(now);
        long id;
        string email, language;
        string[] districts;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (id, email, language, districts) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<string[]>(3));
        }

        await AuditLog.AppendAsync(tx, Public.Audit("subscriber.confirm", "subscriber", id.ToString(CultureInfo.InvariantCulture),
            new { language }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new Subscriber(id, email, language, System.Text.Json.JsonSerializer.SerializeToElement(new { districts }), districts, now);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
