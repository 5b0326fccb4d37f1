using Minato.Disaster.Http.Requests;
using Minato.Disaster.Recovery;
using Minato.Disaster.Results;
using Minato.Disaster.Recovery.Certificates;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.Recovery;

/// <summary>
/// <c>/api/certificates</c>: damage certificates (罹災証明書), HQ only. Issued from a building's effective survey with a
/// gap-free number per era year; <c>/{number}/print</c> is the printable A4 page (an API route: the browser fetches it
/// with the Authorization header). Every read — JSON, print or list — appends a <c>certificate.read</c> audit row.
/// </summary>
internal static class CertificatesApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/certificates").WithTags("Damage certificates").RequireAuthorization(MinatoPolicies.Hq).NoStore();
        api.MapPost("", IssueAsync).WithName("IssueCertificate")
            .WithSummary("Issue a damage certificate (罹災証明書) from the building's effective survey (role hq)")
            .WithDescription("Body: {buildingId, householdId, disasterName, applicantName?, reason?}. A current certificate of the same " +
                             "household and building is superseded when the building was re-surveyed since, or with a reason (a " +
                                 "correction); " +
                             "otherwise 409.")
            .Accepts<IssueCertificateRequest>("application/json")
            .Produces<Certificate>(StatusCodes.Status201Created);
        api.MapGet("", ListAsync).WithName("ListCertificates")
            .WithSummary("Certificates of a household and/or building, every version, newest first (role hq). Audited");
        api.MapGet("/{number}", GetAsync).WithName("GetCertificate")
            .WithSummary("One certificate with its version history, by number (港区-R8-000123 or R8-000123; role hq). Audited");
        api.MapGet("/{number}/print", PrintAsync).WithName("PrintCertificate")
            .WithSummary("The printable certificate: an A4 HTML page in Japanese (role hq). Audited")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
    }

    private static async Task<Results<Created<Certificate>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        HttpContext context, CertificateStore store, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        var body = await RequestBody.ReadJsonAsync<IssueCertificateRequest>(context.Request, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value!;

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        var outcome = await store.IssueAsync(actor, request, cancellationToken);
        return outcome.Value is { } certificate
            ? TypedResults.Created($"/api/certificates/{Uri.EscapeDataString(certificate.Number)}", certificate)
            : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<Certificate>>, ValidationProblem>> ListAsync(
        HttpContext context, CertificateStore store, long? householdId, long? buildingId, int? limit, int? offset,
            CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (take, skip) = RecoveryHttp.Paging(limit, offset, errors);
        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListAsync(OpsProblems.RequireActor(context), householdId, buildingId, take, skip,
            cancellationToken));
    }

    private static async Task<Results<Ok<Certificate>, ProblemHttpResult>> GetAsync(
        string number, HttpContext context, CertificateStore store, CancellationToken cancellationToken)
    {
        var outcome = await store.GetAsync(OpsProblems.RequireActor(context), number, "json", cancellationToken);
        return outcome.Value is { } certificate ? TypedResults.Ok(certificate) : OpsProblems.From(outcome);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PrintAsync(
        string number, HttpContext context, CertificateStore store, CancellationToken cancellationToken)
    {
        var outcome = await store.GetAsync(OpsProblems.RequireActor(context), number, "print", cancellationToken);
        if (outcome.Value is not { } certificate)
        {
            return OpsProblems.From(outcome);
        }

        // The page is self-contained (inline CSS, no script, no external resource).
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return TypedResults.Content(CertificatePage.Render(certificate), "text/html; charset=utf-8");
    }
}
