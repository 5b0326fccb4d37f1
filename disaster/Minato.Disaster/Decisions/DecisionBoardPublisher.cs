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

    /// <summary>The board at start, when it has something to say (inputs or 町丁目 rows); a quiet board joins the
    /// situation with its first change, so a calm ward's snapshot holds no decisions entity.</summary>
    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken)
    {
        var view = await board.ComputeAsync(cancellationToken);
        return view.Inputs.Count > 0 || view.Chome.Count > 0 ? [Change(view)] : [];
    }

    private static SituationChange Change(DecisionBoardView view) =>
        new(SituationKinds.Decisions, BoardId, JsonSerializer.Serialize(view, Json), null, new ChangeRouting(WardWide: true));
}
