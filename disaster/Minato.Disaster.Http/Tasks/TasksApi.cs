using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.Tasks;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Tasks;

/// <summary>
/// Tasking: <c>/api/tasks</c> — instructions and requests between HQ, district HQs, evacuation centres and field
/// teams, with acknowledgement, status, a thread, forwarding and escalation of overdue tasks. Staff only; who may do
/// what is <see cref="TaskRules"/>.
/// </summary>
public static class TasksApi
{
    public static IServiceCollection AddTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TaskOptions>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<ISituationSource, TaskSource>();
        services.AddHostedService<TaskEscalationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasking").RequireAuthorization(MinatoPolicies.Staff).NoStore();
        api.MapPost("", CreateAsync).WithName("CreateTask")
            .WithSummary("Send an instruction (HQ → district/centre/field; district → its centres/field) or a request (centre → its district; district → HQ)");
        api.MapGet("", ListAsync).WithName("ListTasks")
            .WithSummary("The caller's queue (HQ: all): unfinished first, overdue first, then priority, then due time; active=true hides finished ones");
        api.MapGet("/{id:long}", GetAsync).WithName("GetTask").WithSummary("One task with its thread");
        api.MapPost("/{id:long}/ack", AckAsync).WithName("AcknowledgeTask").WithSummary("Acknowledge a task (its addressee)");
        api.MapPost("/{id:long}/status", StatusAsync).WithName("SetTaskStatus")
            .WithSummary("Move a task on: acknowledged | in-progress | done (addressee or HQ) | cancelled (sender or HQ)");
        api.MapPost("/{id:long}/messages", MessageAsync).WithName("PostTaskMessage").WithSummary("Post to a task's thread");
        api.MapPost("/{id:long}/forward", ForwardAsync).WithName("ForwardTask")
            .WithSummary("A district HQ forwards a centre's request to HQ: {\"to\":{\"kind\":\"hq\"},\"note\":\"…\"}");
        return app;
    }

    private static async Task<Results<Created<TaskItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewTask body, HttpContext context, TaskService tasks, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = body.Validate(time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid task / タスクの内容が不正です");
        }

        var result = await tasks.CreateAsync(OpsProblems.RequireActor(context), body, cancellationToken);
        return result.Outcome == TaskOutcome.Ok
            ? TypedResults.Created($"/api/tasks/{result.Task!.Id}", result.Task)
            : Problem(result);
    }

    private static async Task<Ok<IReadOnlyList<TaskItem>>> ListAsync(
        bool? active, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tasks.ListAsync(OpsProblems.RequireActor(context), active ?? false, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        ToHttp(await tasks.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> AckAsync(
        long id, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        ToHttp(await tasks.AcknowledgeAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> StatusAsync(
        long id, TaskStatusChange body, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        ToHttp(await tasks.SetStatusAsync(OpsProblems.RequireActor(context), id, body.Status ?? "", cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> MessageAsync(
        long id, TaskMessageInput body, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        ToHttp(await tasks.AddMessageAsync(OpsProblems.RequireActor(context), id, body.Text ?? "", cancellationToken));

    private static async Task<Results<Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> ForwardAsync(
        long id, TaskForwardInput body, HttpContext context, TaskService tasks, CancellationToken cancellationToken)
    {
        var unitError = body.To is null ? "to is required: {\"kind\":\"hq\"}" : TaskUnit.Check(body.To.Kind, body.To.Id);
        if (unitError is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [unitError] });
        }

        var result = await tasks.ForwardAsync(OpsProblems.RequireActor(context), id, body.To!.ToUnit(), body.Note, cancellationToken);
        return result.Outcome == TaskOutcome.Ok ? TypedResults.Ok(result.Task!) : Problem(result);
    }

    private static Results<Ok<TaskItem>, ProblemHttpResult> ToHttp(TaskResult result) =>
        result.Outcome == TaskOutcome.Ok ? TypedResults.Ok(result.Task!) : Problem(result);

    private static ProblemHttpResult Problem(TaskResult result) => result.Outcome switch
    {
        TaskOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found / 見つかりません", detail: result.Error),
        TaskOutcome.Forbidden => OpsProblems.Forbidden(result.Error!),
        TaskOutcome.Conflict => OpsProblems.Conflict(result.Error!),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot process / 処理できません", detail: result.Error),
    };
}
