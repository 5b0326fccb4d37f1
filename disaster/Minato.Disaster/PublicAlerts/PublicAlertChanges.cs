using System.Globalization;
using Minato.Disaster.Situation;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The live change of kind <c>public-alert</c>: the alert JSON for staff and public alike (it is public); routed to the
/// one district it covers, or ward-wide when it covers several or none (a polygon on the district borders), with
/// <see cref="ChangeRouting.Alert"/> so shelters of the area see it. A cancelled alert is removed.
/// </summary>
public static class PublicAlertChanges
{
    public static SituationChange For(PublicAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var id = alert.Id.ToString(CultureInfo.InvariantCulture);
        if (alert.Cancelled)
        {
            return SituationChange.Removed(SituationKinds.PublicAlert, id);
        }

        var json = alert.ToJson();
        // The districts the alert names or its polygon touches; none known → the whole ward.
        var routing = alert.Districts.Count > 0
            ? new ChangeRouting(District: alert.Districts[0], Alert: true, Districts: [.. alert.Districts.Skip(1)])
            : new ChangeRouting(WardWide: true, Alert: true);
        return new SituationChange(SituationKinds.PublicAlert, id, json, json, routing);
    }
}
