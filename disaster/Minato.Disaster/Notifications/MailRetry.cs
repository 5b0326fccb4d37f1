using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly;
using Polly.Retry;

namespace Minato.Disaster.Notifications;

/// <summary>
/// The one retry policy of outgoing e-mail (resident alerts, staff call-ups): <see cref="MailOptions.MaxAttempts"/> tries
/// with exponential back-off and jitter on <see cref="TimeProvider"/>, retrying what may pass on another try (the
/// connection, a 4xx) and never a refused recipient (5xx). Stateless.
/// </summary>
public static class MailRetry
{
    /// <summary>The retry pipeline for <paramref name="options"/>.</summary>
    public static ResiliencePipeline Pipeline(MailOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMs),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }

        return builder.Build();
    }

    /// <summary>Worth another try: the connection or the server's momentary state (4xx), not a refused recipient (5xx).</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        SmtpCommandException c => (int)c.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>A failure of the mail exchange (recorded per recipient), not a bug.</summary>
    public static bool IsMailFailure(Exception e) =>
        e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException
            or TimeoutException
            or AuthenticationException or SslHandshakeException or NotSupportedException;
}
