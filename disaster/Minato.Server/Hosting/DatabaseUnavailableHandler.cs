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
        // A malformed body (BadHttpRequestException is an IOException) is the client's error: BadRequestExceptionHandler's 400.
        if (exception is BadHttpRequestException || !DatabaseMigrator.IsTransient(exception) || httpContext.Response.HasStarted)
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
}
