using System.Globalization;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Reports;

/// <summary>
/// The live situation change of a report (kind <c>report</c>, id = report id): the report JSON for HQ and the report's
/// district; no public projection (reports name their reporter). A closed report (resolved, rejected) leaves the live
/// situation: its final state stays available from <c>GET /api/reports/{id}</c>.
/// </summary>
public static class ReportChanges
{
    public static SituationChange From(ReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var id = report.Id.ToString(CultureInfo.InvariantCulture);
        return ReportStatuses.IsClosed(report.Status)
            ? SituationChange.Removed(SituationKinds.Report, id)
            : new SituationChange(SituationKinds.Report, id, ReportJson.Serialize(report), PublicData: null, new ChangeRouting(
                District: report.District));
    }
}
