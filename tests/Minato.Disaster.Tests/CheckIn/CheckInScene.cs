using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.Disaster.Tests.Shelters;

namespace Minato.Disaster.Tests.CheckIn;

/// <summary>Registrations and open centres each test makes for itself (unique names), so tests never share rows.</summary>
internal static class CheckInScene
{
    /// <summary>A household body: the registrant plus <paramref name="members"/> others, one in a wheelchair, one infant.</summary>
    public static object Household(string name, string kana, int members = 2, bool consent = true, string? address = null) => new
    {
        name,
        kana,
        address,
        members = Enumerable.Range(1, members).Select(i => new { name = $"{name} 家族{i}", kana = $"{kana} かぞく{i}" }).ToArray(),
        needs = new { wheelchair = 1, infants = members > 0 ? 1 : 0, pets = 1, medical = 0, language = "English" },
        consent,
    };

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Registers anonymously and returns the card (token, qrPayload, qrSvg …).</summary>
    public static async Task<JsonObject> RegisterAsync(HttpClient anonymous, object household)
    {
        var response = await anonymous.PostAsJsonAsync("/api/public/evacuees", household, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await ShelterScene.JsonAsync(response);
    }

    /// <summary>An open centre in <paramref name="district"/>.</summary>
    public static async Task<string> OpenCentreAsync(MinatoApiFactory host, string district)
    {
        var id = await ShelterScene.AddCentreAsync(host.Database, district, capacity: 100);
        var open = await host.CreateClient("hq").PostAsync($"/api/shelters/{id}/open", null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, open.StatusCode);
        return id;
    }

    public static Task<HttpResponseMessage> ScanAsync(HttpClient staff, string centre, string code, string action = "checkins") =>
        staff.PostAsJsonAsync($"/api/shelters/{centre}/{action}", new { code }, TestContext.Current.CancellationToken);

    /// <summary>The first column of the first row of <paramref name="sql"/> with positional <paramref name="values"/>.</summary>
    public static async Task<T> ScalarAsync<T>(TestDatabase db, string sql, params object[] values) =>
        (T)(await Minato.Gis.Database.Sql.ScalarAsync(db.DataSource, sql, values, TestContext.Current.CancellationToken))!;

    public static async Task<JsonObject> CentreAsync(MinatoApiFactory host, string id) =>
        (await host.CreateClient("hq").GetFromJsonAsync<JsonObject>($"/api/shelters/{id}", TestContext.Current.CancellationToken))!;
}
