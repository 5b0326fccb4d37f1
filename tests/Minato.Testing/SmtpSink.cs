using MimeKit;

namespace Minato.Testing;

/// <summary>
/// The one SMTP sink: a real SMTP server from Debian (python3-aiosmtpd, handler <c>Mailbox</c>) on a free loopback port,
/// writing every message it receives into a Maildir of its own; <see cref="Messages"/> reads them back (MimeKit).
/// aiosmtpd adds the envelope as headers (<c>X-MailFrom</c>, <c>X-RcptTo</c>). Missing package: skip locally, fail
/// under CI=true.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    /// <summary>Debian's interpreter, not a pyenv shim: the package installs into /usr/lib/python3/dist-packages.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly ExternalProcess _process;

    private SmtpSink(ExternalProcess process) => _process = process;

    public int Port => _process.Port;

    public string Host => "127.0.0.1";

    private string NewFolder => Path.Combine(_process.Directory, "box", "new");

    /// <summary>Starts a sink and waits (with a deadline) until it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync()
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            TestEnvironment.Unavailable("the SMTP sink needs the Debian package python3-aiosmtpd (apt-get install python3-aiosmtpd)");
        }

        var port = FreePort.Next();
        var root = Directory.CreateTempSubdirectory("minato-smtp-").FullName;
        return new SmtpSink(await ExternalProcess.StartAsync(Python, root, port,
            "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(root, "box")));
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        if (!Directory.Exists(NewFolder))
        {
            return [];
        }

        return Directory.GetFiles(NewFolder)
            .Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f)))
            .OrderBy(f => f.Time).ThenBy(f => f.File, StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f.File))
            .ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (polling with a deadline, no fixed sleep).</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Wait.ForAsync(() => Task.FromResult(Messages()), m => m.Count >= count, timeout,
            m => $"the SMTP sink to receive {count} message(s) (has {m.Count})", cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
