namespace Minato.Server.Hosting;

/// <summary>
/// The process's exit code: 0 for a requested stop; 1 when the server stops because it cannot go on (a failed migration,
/// a background service that failed, a start-up error), so a service manager (systemd <c>Restart=on-failure</c>) and an
/// operator can tell a crash from a stop. Thread-safe.
/// </summary>
internal sealed partial class ServerExit(IHostApplicationLifetime lifetime, ILogger<ServerExit> logger)
{
    private volatile string? _failure;

    /// <summary>Why the server stopped unrecoverably, or null.</summary>
    public string? Failure => _failure;

    /// <summary>Stops the server with exit code 1.</summary>
    public void Fail(string reason)
    {
        _failure = reason;
        LogFatal(reason);
        lifetime.StopApplication();
    }

    /// <summary>Runs the server until it stops; returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolved before the run: running disposes the services.
        var exit = app.Services.GetRequiredService<ServerExit>();
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        // Whether a stop was asked for is recorded when it is asked: after the run the token reads "stopping" anyway,
        // which would pass a start-up error that happens to be an OperationCanceledException off as a stop.
        var stopRequested = 0;
        using var onStop = app.Lifetime.ApplicationStopping.Register(() => Interlocked.Exchange(ref stopRequested, 1));
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException) when (Volatile.Read(ref stopRequested) == 1)
        {
            // A stop (SIGTERM, or a failure recorded below) requested while the server was still starting.
        }
        catch (Exception e)
        {
            // Start-up failed (a port in use, invalid options) or a background service failed and the host rethrew it.
            app.Logger.LogCritical(e, "the server stopped: {Error}", e.Message);
            return 1;
        }

        if (exit.Failure is not null)
        {
            return 1;
        }

        // BackgroundServiceExceptionBehavior.StopHost stops the host quietly when a service's work throws: a crash, not a stop.
        var crashed = background.FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true });
        if (crashed is not null)
        {
            app.Logger.LogCritical(crashed.ExecuteTask!.Exception, "the server stopped: {Service} failed", crashed.GetType().Name);
            return 1;
        }

        return 0;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "the server cannot go on and stops: {Reason}")]
    private partial void LogFatal(string reason);
}
