using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Minato.Testing;

/// <summary>
/// A real SMTP server from Debian (python3-aiosmtpd, handler <c>Mailbox</c>) on a free loopback port, writing every
/// message it receives into a Maildir of its own; <see cref="Messages"/> reads them back (MimeKit). aiosmtpd adds the
/// envelope as headers (<c>X-MailFrom</c>, <c>X-RcptTo</c>). Missing package: skip locally, fail under CI=true.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    /// <summary>Debian's interpreter, not a pyenv shim: the package installs into /usr/lib/python3/dist-packages.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly string _root;

    private SmtpSink(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    private string NewFolder => Path.Combine(_root, "box", "new");

    /// <summary>Starts a sink and waits (with a deadline) until it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            TestEnvironment.Unavailable("the SMTP sink needs the Debian package python3-aiosmtpd (apt-get install python3-aiosmtpd)");
        }

        var port = FreePort.Next();
        var root = Path.Combine(Path.GetTempPath(), "minato-smtp-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(root, "box") })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new SmtpSink(process, root, port);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with code {process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(sink.Host, port, deadline.Token);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
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
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count)
            {
                return messages;
            }

            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the SMTP sink received {messages.Count} message(s), expected {count}, within {timeout.TotalSeconds} s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
