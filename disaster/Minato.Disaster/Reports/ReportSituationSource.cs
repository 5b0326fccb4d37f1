using Minato.Disaster.Situation;

namespace Minato.Disaster.Reports;

/// <summary>Open reports as live changes at start, so a fresh node's snapshots hold them.</summary>
public sealed class ReportSituationSource(ReportStore reports) : ISituationSource
{
    public string Name => "reports";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken)
    {
        var open = await reports.OpenAsync(cancellationToken);
        return [.. open.Select(ReportChanges.From)];
    }
}
