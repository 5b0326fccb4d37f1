using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>Requests the recovery tests make again and again: a survey, a household, a certificate.</summary>
internal static class RecoveryKit
{
    public const double Lon = 139.7454;
    public const double Lat = 35.6586;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string NewBuilding(double lon = Lon, double lat = Lat, string address = "東京都港区芝公園四丁目2番8号",
        string use = "dwelling") =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"address":"{{address}}","location":{"type":"Point","coordinates":[{{lon}},{{lat}}]},""" +
            $$"""  "structure":"wooden","floors":2,"use":"{{use}}"}""");

    /// <summary>Records a round-1 survey of a new building; returns the survey JSON.</summary>
    public static async Task<JsonElement> SurveyNewBuildingAsync(HttpClient client, decimal ratio, string? address = null,
        string use = "dwelling")
    {
        var body = string.Create(CultureInfo.InvariantCulture,
            $$"""{"building":{{NewBuilding(address: address ?? "東京都港区芝公園四丁目2番8号", use: use)}},""" +
            $$"""  "round":1,"damageRatio":{{ratio}},"note":"外観目視"}""");
        using var response = await client.PostAsync("/api/surveys", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> SurveyAsync(HttpClient client, long buildingId, int round, decimal ratio)
    {
        var body = string.Create(CultureInfo.InvariantCulture,
            $$"""{"buildingId":{{buildingId}},"round":{{round}},"damageRatio":{{ratio}}}""");
        using var response = await client.PostAsync("/api/surveys", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<long> HouseholdAsync(HttpClient hq, string head = "港 太郎")
    {
        using var response = await hq.PostAsync("/api/ledger/households", Json(
            $$"""{"headName":"{{head}}","headNameKana":"ミナト タロウ","members":3,""" +
            $$"""  "address":"東京都港区芝公園四丁目2番8号",""" +
            $$"""  "contact":"03-0000-0000","specialNeeds":"車椅子 1名"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> IssueAsync(HttpClient hq, long buildingId, long householdId, string? reason = null) =>
        hq.PostAsync("/api/certificates", Json(JsonSerializer.Serialize(new
        {
            buildingId,
            householdId,
            disasterName = "令和8年台風第19号",
            reason,
        })));

    public static long BuildingId(this JsonElement survey) => survey.GetProperty("building").GetProperty("id").GetInt64();
}
