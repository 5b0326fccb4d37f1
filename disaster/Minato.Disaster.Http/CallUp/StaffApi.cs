using System.Globalization;
using Minato.Disaster.CallUp;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.CallUp;

/// <summary>
/// The staff directory (<c>/api/staff</c>): personal data, so hq only, <c>Cache-Control: no-store</c>, every read audited
/// (<c>staff.read</c>); CRUD and a CSV import (<c>POST /api/staff/import</c>, <c>text/csv</c>).
/// </summary>
public static class StaffApi
{
    /// <summary>Largest CSV accepted by the import (about 5,000 rows).</summary>
    public const int MaxCsvBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff call-up").RequireAuthorization(MinatoPolicies.Hq).NoStore();
        api.MapGet("", ListAsync).WithName("ListStaff")
            .WithSummary("The staff directory, optionally ?district= (personal data: audited); role hq");
        api.MapGet("/{id:long}", GetAsync).WithName("GetStaff").WithSummary("One staff member (audited); role hq");
        api.MapPost("", CreateAsync).WithName("CreateStaff").Accepts<StaffInput>("application/json")
            .WithSummary("Add a staff member: name, email, phone, district (hq|shiba|azabu|akasaka|takanawa|shibaura-konan), groups; hq");
        api.MapPut("/{id:long}", UpdateAsync).WithName("UpdateStaff").Accepts<StaffInput>("application/json")
            .WithSummary("Replace a staff member's record; role hq");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteStaff").WithSummary("Remove a staff member; role hq");
        api.MapPost("/import", ImportAsync).WithName("ImportStaff").Accepts<string>("text/csv")
            .WithSummary("Import a CSV (name,email,phone,district,groups; groups A;B): creates or updates by e-mail, reports bad rows; hq");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<StaffMember>>> ListAsync(
        string? district, HttpContext context, StaffStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(OpsProblems.RequireActor(context), district, cancellationToken));

    private static async Task<Results<Ok<StaffMember>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, StaffStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken) is { } s
            ? TypedResults.Ok(s)
            : OpsProblems.NotFound("staff member", id.ToString(CultureInfo.InvariantCulture));

    private static async Task<Results<Created<StaffMember>, ProblemHttpResult>> CreateAsync(
        HttpContext context, StaffStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<StaffInput>(context.Request, b => b.Validate(),
            cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var outcome = await store.CreateAsync(OpsProblems.RequireActor(context), body.Value!, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/staff/{outcome.Value!.Id}", outcome.Value) : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<StaffMember>, ProblemHttpResult>> UpdateAsync(
        long id, HttpContext context, StaffStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<StaffInput>(context.Request, b => b.Validate(),
            cancellationToken: cancellationToken);
        return body.Problem ?? (Results<Ok<StaffMember>, ProblemHttpResult>)OpsProblems.Answer(
            await store.UpdateAsync(OpsProblems.RequireActor(context), id, body.Value!, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpContext context, StaffStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(OpsProblems.RequireActor(context), id, cancellationToken)
            ? TypedResults.NoContent()
            : OpsProblems.NotFound("staff member", id.ToString(CultureInfo.InvariantCulture));

    private static async Task<Results<Ok<StaffImportResult>, ProblemHttpResult>> ImportAsync(
        HttpContext context, StaffStore store, CancellationToken cancellationToken)
    {
        var type = context.Request.ContentType ?? "";
        if (!type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return OpsProblems.UnsupportedMediaType("send the CSV as text/csv (UTF-8)");
        }

        var raw = await RequestBody.ReadCappedAsync(context.Request, MaxCsvBytes, cancellationToken);
        if (raw is null)
        {
            return OpsProblems.TooLarge($"the CSV is at most {MaxCsvBytes:N0} bytes");
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return OpsProblems.BadRequest("body", "the CSV is not valid UTF-8");
        }

        if (Minato.Gis.Input.TextInput.Problem(text, multiLine: true) is { } textError)
        {
            return OpsProblems.BadRequest("body", textError);
        }

        return TypedResults.Ok(await store.ImportAsync(OpsProblems.RequireActor(context), text, cancellationToken));
    }
}
