using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Minato.Server.Hosting;

/// <summary>
/// A request the framework could not bind (malformed JSON, a value of the wrong type, a body over its limit) answers its
/// own 4xx with problem details naming where the body went wrong, never the exception handler's 500. ASP.NET throws
/// these only where <c>ThrowOnBadRequest</c> is on (Development, the tests); elsewhere it answers a bare 400 itself.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is JsonException json
            ? $"the body is not valid for this request at {json.Path ?? "$"}: {json.Message.Split(" Path:")[0]}"
            : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request / 不正なリクエストです", Detail = detail },
        });
    }
}
