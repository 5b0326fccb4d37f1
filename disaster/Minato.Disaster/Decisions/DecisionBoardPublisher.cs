using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Decisions;

/// <summary>
/// Pushes the decision board to the live situation (kind <c>decisions</c>, id <c>board</c>, HQ and district scopes, never
/// public) when an input changes, and loads it into a node's snapshot at start. Thread-safe.
/// </summary>
public sealed class DecisionBoardPublisher(DecisionBoard board, ISituationBus bus) : ISituationSource
{
    public const string BoardId = "board";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "decisions";

    /// <summary>Recomputes the board and publishes it; returns what was published.</summary>
    public async Task<DecisionBoardView> PublishAsync(CancellationToken cancellationToken = default)
    {
        var view = await board.ComputeAsync(cancellationToken);
        bus.Publish([Change(view)]);
        return view;
    }

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        [Change(await board.ComputeAsync(cancellationToken))];

    private static SituationChange Change(DecisionBoardView view) =>
        new(SituationKinds.Decisions, BoardId, JsonSerializer.Serialize(view, Json), null, new ChangeRouting(WardWide: true));
}
