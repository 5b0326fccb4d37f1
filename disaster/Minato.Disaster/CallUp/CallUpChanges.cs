using System.Globalization;
using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.CallUp;

/// <summary>
/// The live changes of a call-up. Kind <c>call-up</c> (id = the call-up id): the whole view with the names of those who
/// have not answered — hq only. Kind <c>call-up-district</c> (id = <c>{callup}/{district}</c>): one district HQ's
/// counts (in all and per group), no names — that district's scope (and hq). Never public. A dismissed call-up is
/// removed. <c>Version</c> = the call-up's board version, so a board read earlier never replaces a later one.
/// </summary>
public static class CallUpChanges
{
    public const string Kind = "call-up";
    public const string DistrictKind = "call-up-district";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<SituationChange> For(CallUpView callUp)
    {
        ArgumentNullException.ThrowIfNull(callUp);
        var id = callUp.Id.ToString(CultureInfo.InvariantCulture);
        var districts = StaffDistricts.All.Where(d => d != StaffDistricts.Hq).ToList();
        if (callUp.State == CallUpStates.Dismissed)
        {
            return [SituationChange.Removed(Kind, id), .. districts.Select(d => SituationChange.Removed(DistrictKind, $"{id}/{d}"))];
        }

        var changes = new List<SituationChange>
        {
            new(Kind, id, JsonSerializer.Serialize(callUp, Json), PublicData: null, ChangeRouting.HqOnly, Version: callUp.BoardVersion),
        };
        foreach (var d in districts)
        {
            // Every district gets its entity (zero counts when none of its staff is called): its board shows the call-up.
            var counts = callUp.Board.ByDistrict.FirstOrDefault(c => c.Key == d) ?? new BoardCounts(d, 0, 0, 0, 0, 0, 0);
            var data = JsonSerializer.Serialize(new
            {
                callUpId = callUp.Id, callUp.State, callUp.Level, callUp.LevelJa, callUp.LevelEn, callUp.Groups, callUp.Reason,
                callUp.StartedAt, callUp.EndedAt, district = d, counts, byGroup = callUp.Board.ByGroupIn(d),
            }, Json);
            changes.Add(new SituationChange(DistrictKind, $"{id}/{d}", data, PublicData: null, new ChangeRouting(District: d),
                Version: callUp.BoardVersion));
        }

        return changes;
    }
}
