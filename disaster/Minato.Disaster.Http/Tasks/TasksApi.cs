using Minato.Disaster.Http.Requests;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.Tasks;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Tasks;

/// <summary>
/// Tasking: <c>/api/tasks</c> — instructions and requests between HQ, district HQs, shelters and field
/// teams, with acknowledgement, status, a thread, forwarding and escalation of overdue tasks. Staff only; who may do
/// what is <see cref="TaskRules"/>.
/// </summary>
public static class TasksApi
{
    public static IServiceCollection AddTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TaskOptions>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<ISituationSource, TaskSource>();
        services.AddHostedService<TaskEscalationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasking").RequireAuthorization(MinatoPolicies.Tasks).NoStore();
        api.MapPost("", CreateAsync).WithName("CreateTask").Accepts<NewTask>("application/json")
            .WithSummary("Send an instruction (HQ → district/centre/field; district → its centres/field) or a request (centre → its " +
                "district; district → HQ)");
        api.MapGet("", ListAsync).WithName("ListTasks")
            .WithSummary("The caller's queue (HQ: all): unfinished first, overdue first, then priority, then due time; active=true hides " +
                "finished ones");
        api.MapGet("/{id:long}", GetAsync).WithName("GetTask").WithSummary("One task with its thread");
        api.MapPost("/{id:long}/ack", AckAsync).WithName("AcknowledgeTask").WithSummary("Acknowledge a task (its addressee)");
        api.MapPost("/{id:long}/status", StatusAsync).WithName("SetTaskStatus").Accepts<TaskStatusChange>("application/json")
            .WithSummary("Move a task on: acknowledged | in-progress | done (addressee or HQ) | cancelled (sender or HQ)");
        api.MapPost("/{id:long}/messages", MessageAsync).WithName("PostTaskMessage")
            .Accepts<TaskMessageInput>("application/json").WithSummary("Post to a task's thread");
        api.MapPost("/{id:long}/forward", ForwardAsync).WithName("ForwardTask").Accepts<TaskForwardInput>("application/json")
            .WithSummary("A district HQ forwards a centre's request to HQ: {\"to\":{\"kind\":\"hq\"},\"note\":\"…\"}");
        return app;
    }

    private static async Task<Results<Created<TaskItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, TaskStore tasks, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadValidJsonAsync<NewTask>(
            context.Request, b => b.Validate(time.GetUtcNow()), cancellationToken: cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var body = read.Value!;
        var result = await tasks.CreateAsync(OpsProblems.RequireActor(context), body, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/tasks/{result.Value!.Id}", result.Value)
            : OpsProblems.From(result);
    }

    private static async Task<Ok<IReadOnlyList<TaskItem>>> ListAsync(
        bool? active, HttpContext context, TaskStore tasks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tasks.ListAsync(OpsProblems.RequireActor(context), active ?? false, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, TaskStore tasks, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await tasks.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> AckAsync(
        long id, HttpContext context, TaskStore tasks, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await tasks.AcknowledgeAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> StatusAsync(
        long id, HttpContext context, TaskStore tasks, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TaskStatusChange>(context.Request, cancellationToken: cancellationToken);
        return body.Problem ?? (Results<Ok<TaskItem>, ProblemHttpResult>)OpsProblems.Answer(
            await tasks.SetStatusAsync(OpsProblems.RequireActor(context), id, body.Value!.Status ?? "", cancellationToken));
    }

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> MessageAsync(
        long id, HttpContext context, TaskStore tasks, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TaskMessageInput>(context.Request, cancellationToken: cancellationToken);
        return body.Problem ?? (Results<Ok<TaskItem>, ProblemHttpResult>)OpsProblems.Answer(
            await tasks.AddMessageAsync(OpsProblems.RequireActor(context), id, body.Value!.Text ?? "", cancellationToken));
    }

    private static async Task<Results<Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> ForwardAsync(
        long id, HttpContext context, TaskStore tasks, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadJsonAsync<TaskForwardInput>(context.Request, cancellationToken: cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var body = read.Value!;
        var unitError = body.To is null ? "to is required: {\"kind\":\"hq\"}" : TaskUnit.Check(body.To.Kind, body.To.Id);
        if (unitError is not null)
        {
            return OpsProblems.Invalid("to", unitError);
        }

        var result = await tasks.ForwardAsync(OpsProblems.RequireActor(context), id, body.To!.ToUnit(), body.Note, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : OpsProblems.From(result);
    }
}
