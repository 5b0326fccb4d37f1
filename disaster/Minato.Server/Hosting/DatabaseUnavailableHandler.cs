using Microsoft.AspNetCore.Diagnostics;
using Minato.Gis.Database;

namespace Minato.Server.Hosting;

/// <summary>
/// A request that needed the database while it is unreachable answers 503 with <c>Retry-After</c> and problem details,
/// not 500: the outage is the server's state, not a bug, and clients (the field app's outbox) retry. Other exceptions
/// fall through to the default handler.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!FromTheDatabase(exception) || !DatabaseMigrator.IsTransient(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not available; try again shortly / データベースに接続できません。しばらくしてから再試行してください",
            },
        });
    }

    /// <summary>
    /// Npgsql wraps every connection failure in an <see cref="Npgsql.NpgsqlException"/>. Other I/O errors are not an outage:
    /// a malformed request body is a <c>BadHttpRequestException</c>, an <see cref="IOException"/> too, and answers 4xx.
    /// </summary>
    private static bool FromTheDatabase(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException)
            {
                return true;
            }
        }

        return false;
    }
}
