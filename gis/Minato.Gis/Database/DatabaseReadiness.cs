namespace Minato.Gis.Database;

/// <summary>
/// Whether the database has been reached and migrated since the process started. The server starts while the database
/// is down: its migrations wait in the background, services that need the database at start await <see cref="WaitAsync"/>,
/// and <c>/healthz</c> reports <see cref="Reason"/> until then. Once ready it stays ready (a later outage is a transient
/// failure the services retry). Thread-safe.
/// </summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _reason = "database not reached yet";

    /// <summary>One already ready (hosts and tests that migrate by other means).</summary>
    public static DatabaseReadiness AlreadyReady()
    {
        var r = new DatabaseReadiness();
        r.MarkReady();
        return r;
    }

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Why it is not ready yet (the last migration error), or null once ready.</summary>
    public string? Reason => IsReady ? null : _reason;

    /// <summary>Completes once the database is reachable and migrated.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkReady() => _ready.TrySetResult();

    public void NotReady(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _reason = reason;
    }
}
