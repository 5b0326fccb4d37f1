using Minato.Gis.Database;
using Npgsql;

namespace Minato.Server.Hosting;

/// <summary>
/// <c>/healthz</c>: 200 when the database is migrated and answers, else 503 with the reason as problem details (RFC 9457)
/// and <c>Retry-After</c>. Until the start-up migrations are done it answers from <see cref="DatabaseReadiness"/> without
/// touching the database; after that one probe (<c>SELECT 1</c>, 2 s timeout) is made at most every
/// <see cref="MaxAge"/>, whatever the request rate: every other call answers from the last probe. Thread-safe.
/// </summary>
internal sealed class DatabaseHealth(NpgsqlDataSource dataSource, DatabaseReadiness readiness, TimeProvider time)
{
    /// <summary>How long a probe's outcome is reused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private volatile Probe? _last;

    /// <summary>Probes made so far (tests: the rate does not follow the request rate).</summary>
    public int Probes { get; private set; }

    /// <summary>Null when healthy, else why not.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        if (readiness.Reason is { } notReady)
        {
            return notReady;
        }

        var last = _last;
        if (last is not null && time.GetElapsedTime(last.At) < MaxAge)
        {
            return last.Problem;
        }

        // One probe at a time; concurrent callers take the previous outcome rather than queue behind it (the very first
        // callers wait for the first probe).
        if (last is not null && !await _probing.WaitAsync(0, cancellationToken))
        {
            return last.Problem;
        }

        if (last is null)
        {
            await _probing.WaitAsync(cancellationToken);
        }

        try
        {
            if (_last is { } fresh && time.GetElapsedTime(fresh.At) < MaxAge)
            {
                return fresh.Problem;
            }

            var probe = new Probe(time.GetTimestamp(), await ProbeAsync(cancellationToken));
            _last = probe;
            return probe.Problem;
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        Probes++;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return "database unreachable: " + e.Message;
        }
    }

    /// <summary>Maps <c>GET /healthz</c>.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", async Task<IResult> (DatabaseHealth health, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (await health.ProblemAsync(ct) is not { } problem)
            {
                return TypedResults.Ok(new { status = "ok" });
            }

            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                title: "Not ready: the database is not available / データベースに接続できません", detail: problem,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();

    private sealed record Probe(long At, string? Problem);
}
