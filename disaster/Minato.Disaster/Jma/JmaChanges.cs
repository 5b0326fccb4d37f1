using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Jma;

/// <summary>
/// The live change of kind <c>jma</c>: one entity (id <c>minato</c>) holding <see cref="JmaSituation"/>, ward-wide and the
/// same for every scope, public included (JMA's information is public).
/// </summary>
public static class JmaChanges
{
    public const string Id = "minato";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SituationChange For(JmaSituation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var json = JsonSerializer.Serialize(situation, Json);
        return new SituationChange(SituationKinds.Jma, Id, json, json, new ChangeRouting(WardWide: true, Alert: true));
    }
}
