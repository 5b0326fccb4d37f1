using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using Minato.Disaster.Tests.Shelters;

namespace Minato.Disaster.Tests.CheckIn;

/// <summary>
/// Registration, check-in, check-out, walk-ins, the roster and its export on the real host and PostGIS: what the token's holder
/// sees, who may scan where (each refusal proven), counts derived from check-ins, moves between centres, audit rows, no-store.
/// </summary>
public sealed class CheckInApiTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    [Fact]
    public async Task Register_Anonymous_OpaqueTokenStoredAsHashNoStore()
    {
        var name = CheckInScene.Unique("港太郎");
        var response = await host.CreateClient().PostAsJsonAsync("/api/public/evacuees",
            CheckInScene.Household(name, "みなとたろう"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var card = await ShelterScene.JsonAsync(response);
        var token = (string)card["token"]!;
        Assert.Equal(43, token.Length);
        Assert.Equal("MINATO-EVAC:" + token, (string)card["qrPayload"]!);
        Assert.StartsWith("<svg", ((string)card["qrSvg"]!).TrimStart(), StringComparison.Ordinal);
        Assert.Equal(3, (int)card["householdSize"]!);
        Assert.Null(card["stay"]);
        // Only the hash is stored: the token itself appears nowhere in the row.
        Assert.Equal(1L, await CheckInScene.ScalarAsync<long>(Db,
            "SELECT count(*) FROM ops.evacuees WHERE token_hash = $1 AND name = $2 AND position($3 in row_to_json(evacuees)::text) = 0",
            SHA256.HashData(Encoding.ASCII.GetBytes(token)), name, token));
        Assert.Equal(1L, await CheckInScene.ScalarAsync<long>(Db,
            "SELECT count(*) FROM ops.audit_log a JOIN ops.evacuees e ON a.entity_id = e.id::text WHERE e.name = $1 " +
                "AND a.action = 'evacuee.register' AND a.role = 'public' AND position($1 in a.details::text) = 0",
            name));
    }

    [Fact]
    public async Task Register_BadInput_400PerFieldAndNothingStored()
    {
        var name = CheckInScene.Unique("不正");
        var anon = host.CreateClient();

        var missing = await anon.PostAsJsonAsync("/api/public/evacuees", new { name }, Ct);
        var tooMany = await anon.PostAsJsonAsync("/api/public/evacuees",
            new { name, kana = "ふせい", consent = true, members = Enumerable.Range(0, 25).Select(_ => new { name = "x" }).ToArray() }, Ct);
        var needs = await anon.PostAsJsonAsync("/api/public/evacuees",
            new { name, kana = "ふせい", consent = false, needs = new { wheelchair = 5 } }, Ct);
        var unknownField = await anon.PostAsJsonAsync("/api/public/evacuees", new { name, kana = "ふせい", consent = true, phone = "1" }, Ct);
        var notJson = await anon.PostAsync("/api/public/evacuees", new StringContent("name=x"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await ShelterScene.JsonAsync(missing))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("kana"));
        Assert.True(errors.ContainsKey("consent"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await ShelterScene.JsonAsync(tooMany))["errors"]!.AsObject().ContainsKey("members"));
        Assert.Equal(HttpStatusCode.BadRequest, needs.StatusCode);
        Assert.True((await ShelterScene.JsonAsync(needs))["errors"]!.AsObject().ContainsKey("needs.wheelchair"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(0L, await CheckInScene.ScalarAsync<long>(Db, "SELECT count(*) FROM ops.evacuees WHERE name = $1", name));
    }

    [Fact]
    public async Task Card_HolderOfToken_SeesOwnStay_OthersNothing()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var name = CheckInScene.Unique("札幌");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(name, "さっぽろ"));
        await CheckInScene.ScanAsync(host.CreateClient("shelter", shelter: centre), centre, (string)card["qrPayload"]!);

        var mine = await host.CreateClient().PostAsJsonAsync("/api/public/evacuees/card", new { token = (string)card["token"]! }, Ct);
        var guessed = await host.CreateClient().PostAsJsonAsync("/api/public/evacuees/card",
            new { token = new string('A', 43) }, Ct);
        var garbage = await host.CreateClient().PostAsJsonAsync("/api/public/evacuees/card", new { token = "1" }, Ct);

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("no-store", mine.Headers.CacheControl?.ToString());
        var json = await ShelterScene.JsonAsync(mine);
        Assert.Equal(name, (string)json["name"]!);
        Assert.Equal(centre, (string)json["stay"]!["shelterId"]!);
        Assert.Equal("checked-in", (string)json["stay"]!["status"]!);
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        Assert.DoesNotContain(name, await guessed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task CheckIn_OwnCentre_HeadcountFromHouseholdAuditedAndLive()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(CheckInScene.Unique("品川"), "しながわ"));

        var response = await CheckInScene.ScanAsync(host.CreateClient("shelter", shelter: centre, subject: "desk-1"), centre,
            (string)card["qrPayload"]!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var result = await ShelterScene.JsonAsync(response);
        Assert.Equal("checked-in", (string)result["action"]!);
        var c = await CheckInScene.CentreAsync(host, centre);
        Assert.Equal(3, (int)c["headcount"]!);
        Assert.Equal(1, (int)c["households"]!);
        Assert.Equal(1, (int)c["needs"]!["wheelchair"]!);
        Assert.Equal(1, (int)c["needs"]!["infants"]!);
        Assert.Equal(1, (int)c["needs"]!["pets"]!);
        Assert.Equal("check-in", (string)c["countsSource"]!);
        var evacuee = ((long)result["evacueeId"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "checkin.in", evacuee));
        var live = host.Services.GetRequiredService<SituationState>().Snapshot(SituationScope.ForShelter(centre));
        Assert.Contains(live.Entities, e => e.Kind == SituationKinds.Shelter && e.Id == centre
            && e.Data!.Contains("\"headcount\":3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckIn_ScannedTwice_CountedOnce()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(CheckInScene.Unique("二重"), "にじゅう"));
        var staff = host.CreateClient("shelter", shelter: centre);

        var first = await CheckInScene.ScanAsync(staff, centre, (string)card["qrPayload"]!);
        var second = await CheckInScene.ScanAsync(staff, centre, (string)card["token"]!); // typed without the prefix

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("already-checked-in", (string)(await ShelterScene.JsonAsync(second))["action"]!);
        Assert.Equal(3, (int)(await CheckInScene.CentreAsync(host, centre))["headcount"]!);
        var evacuee = (string)(await ShelterScene.JsonAsync(first))["evacueeId"]!.ToString();
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "checkin.in", evacuee));
        Assert.Equal(1L, await CheckInScene.ScalarAsync<long>(Db, "SELECT count(*) FROM ops.checkins WHERE evacuee_id = $1",
            long.Parse(evacuee, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task CheckIn_AtAnotherCentre_MovesTheHouseholdAndTheFirstCountDrops()
    {
        var first = await CheckInScene.OpenCentreAsync(host, "shiba");
        var second = await CheckInScene.OpenCentreAsync(host, "azabu");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(CheckInScene.Unique("移動"), "いどう", 1));
        await CheckInScene.ScanAsync(host.CreateClient("shelter", shelter: first), first, (string)card["qrPayload"]!);

        var moved = await CheckInScene.ScanAsync(host.CreateClient("district", district: "azabu"), second, (string)card["qrPayload"]!);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(first, (string)(await ShelterScene.JsonAsync(moved))["movedFrom"]!);
        Assert.Equal(0, (int)(await CheckInScene.CentreAsync(host, first))["headcount"]!);
        Assert.Equal(0, (int)(await CheckInScene.CentreAsync(host, first))["households"]!);
        Assert.Equal(2, (int)(await CheckInScene.CentreAsync(host, second))["headcount"]!);
        var live = host.Services.GetRequiredService<SituationState>().Snapshot(SituationScope.ForShelter(first));
        Assert.Contains(live.Entities, e => e.Kind == SituationKinds.Shelter && e.Id == first
            && e.Data!.Contains("\"headcount\":0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckIn_WhoMayScan_EachRefusalProven()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var other = await CheckInScene.OpenCentreAsync(host, "shiba");
        var closed = await ShelterScene.AddCentreAsync(Db, "shiba");
        var code = (string)(await CheckInScene.RegisterAsync(host.CreateClient(),
            CheckInScene.Household(CheckInScene.Unique("権限"), "けんげん")))["qrPayload"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await CheckInScene.ScanAsync(host.CreateClient(), centre, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await CheckInScene.ScanAsync(host.CreateClient("shelter", shelter: other), centre, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await CheckInScene.ScanAsync(host.CreateClient("district", district: "azabu"), centre, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckInScene.ScanAsync(host.CreateClient("field", district: "shiba"), centre, code))
            .StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckInScene.ScanAsync(host.CreateClient("call-centre"), centre, code)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CheckInScene.ScanAsync(host.CreateClient("hq"), "999999999", code)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await CheckInScene.ScanAsync(host.CreateClient("hq"), closed, code)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await CheckInScene.ScanAsync(host.CreateClient("hq"), centre, "https://example.com/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await CheckInScene.ScanAsync(host.CreateClient("hq"), centre, "MINATO-EVAC:" + new string('B', 43))).StatusCode);
        Assert.Equal(0, (int)(await CheckInScene.CentreAsync(host, centre))["headcount"]!);
        Assert.Equal(HttpStatusCode.OK, (await CheckInScene.ScanAsync(host.CreateClient("district", district: "shiba"), centre, code))
            .StatusCode);
    }

    [Fact]
    public async Task CheckOut_HereOnly_CountDropsAndManualCountsStayPossible()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var other = await CheckInScene.OpenCentreAsync(host, "shiba");
        var code = (string)(await CheckInScene.RegisterAsync(host.CreateClient(),
            CheckInScene.Household(CheckInScene.Unique("退所"), "たいしょ")))["qrPayload"]!;
        var staff = host.CreateClient("shelter", shelter: centre);
        await CheckInScene.ScanAsync(staff, centre, code);

        var elsewhere = await CheckInScene.ScanAsync(host.CreateClient("hq"), other, code, "checkouts");
        var outHere = await CheckInScene.ScanAsync(staff, centre, code, "checkouts");

        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outHere.StatusCode);
        Assert.Equal("checked-out", (string)(await ShelterScene.JsonAsync(outHere))["action"]!);
        Assert.Equal(0, (int)(await CheckInScene.CentreAsync(host, centre))["headcount"]!);
        // A centre without the tablet reports by hand: flagged as manual.
        var manual = await host.CreateClient("shelter", shelter: other).PutAsJsonAsync($"/api/shelters/{other}/status",
            ShelterScene.Status(40, households: 12), Ct);
        Assert.Equal(HttpStatusCode.OK, manual.StatusCode);
        Assert.Equal("manual", (string)(await ShelterScene.JsonAsync(manual))["countsSource"]!);
    }

    [Fact]
    public async Task WalkIn_Staff_RegistersChecksInAndAnswersPrintableCard()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "azabu");
        var staff = host.CreateClient("shelter", shelter: centre);
        var name = CheckInScene.Unique("飛込");

        var response = await staff.PostAsJsonAsync($"/api/shelters/{centre}/walk-ins", CheckInScene.Household(name, "とびこみ", 0), Ct);
        var bad = await staff.PostAsJsonAsync($"/api/shelters/{centre}/walk-ins", new { name }, Ct);
        var other = await CheckInScene.OpenCentreAsync(host, "azabu"); // another centre's staff (a fixed id could be this one)
        var foreign = await host.CreateClient("shelter", shelter: other).PostAsJsonAsync($"/api/shelters/{centre}/walk-ins", new { }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ShelterScene.JsonAsync(response);
        Assert.Equal("checked-in", (string)json["action"]!);
        Assert.StartsWith("MINATO-EVAC:", (string)json["card"]!["qrPayload"]!, StringComparison.Ordinal);
        Assert.Equal(1, (int)(await CheckInScene.CentreAsync(host, centre))["headcount"]!);
        Assert.True(await CheckInScene.ScalarAsync<bool>(Db, "SELECT walk_in FROM ops.evacuees WHERE name = $1", name));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode); // who first: no validation message for another centre's staff
    }

    [Fact]
    public async Task Roster_CentreDistrictHq_EveryReadAuditedNoStore_OthersRefused()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var name = CheckInScene.Unique("名簿");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(),
            CheckInScene.Household(name, "めいぼ", address: "港区芝公園1-5-25"));
        var scan = await ShelterScene.JsonAsync(
            await CheckInScene.ScanAsync(host.CreateClient("shelter", shelter: centre), centre, (string)card["qrPayload"]!));

        HttpClient[] readers =
            [host.CreateClient("shelter", shelter: centre), host.CreateClient("district", district: "shiba"), host.CreateClient("hq")];
        foreach (var reader in readers)
        {
            var response = await reader.GetAsync($"/api/shelters/{centre}/roster", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var entry = Assert.Single((await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!);
            Assert.Equal(name, (string)entry!["name"]!);
            Assert.Equal("港区芝公園1-5-25", (string)entry["address"]!);
            Assert.Equal(2, entry["members"]!.AsArray().Count);
            Assert.Equal("English", (string)entry["needs"]!["language"]!);
        }

        Assert.Equal(3, await ShelterScene.AuditCountAsync(Db, "roster.read", centre));
        Assert.Equal(3L, await CheckInScene.ScalarAsync<long>(Db,
            "SELECT count(*) FROM ops.audit_log WHERE action = 'roster.read' AND entity_id = $1 AND details->'evacueeIds' @> $2::jsonb",
            centre, $"[{scan["evacueeId"]}]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("district", district: "azabu").GetAsync(
            $"/api/shelters/{centre}/roster", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("field", district: "shiba").GetAsync(
            $"/api/shelters/{centre}/roster", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("call-centre").GetAsync(
            $"/api/shelters/{centre}/roster", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync($"/api/shelters/{centre}/roster", Ct)).StatusCode);
        Assert.Equal(3, await ShelterScene.AuditCountAsync(Db, "roster.read", centre));
    }

    [Fact]
    public async Task ExportCsv_HqOnly_Utf8BomColumnsAndAudited()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var name = CheckInScene.Unique("=出力");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(name, "しゅつりょく", 1));
        await CheckInScene.ScanAsync(host.CreateClient("hq"), centre, (string)card["qrPayload"]!);

        var response = await host.CreateClient("hq").GetAsync($"/api/checkins/roster.csv?shelter={centre}", Ct);
        var district = await host.CreateClient("district", district: "shiba").GetAsync($"/api/checkins/roster.csv?shelter={centre}", Ct);
        var own = await host.CreateClient("shelter", shelter: centre).GetAsync("/api/checkins/roster.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', Minato.Disaster.Http.CheckIn.RosterCsv.Columns), lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.StartsWith($"{centre},", row, StringComparison.Ordinal);
        Assert.Contains(",'" + name + ",", row, StringComparison.Ordinal); // a leading = is neutralised
        Assert.Equal(HttpStatusCode.Forbidden, district.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "roster.export", centre));
    }

    [Fact]
    public async Task Close_CentreWithHouseholds_ChecksThemOut_ReopenCountsOnlyNewArrivals()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var staff = host.CreateClient("shelter", shelter: centre);
        var stayed = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(CheckInScene.Unique("閉鎖"), "へいさ"));
        var later = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(CheckInScene.Unique("再開"), "さいかい", 0));
        await CheckInScene.ScanAsync(staff, centre, (string)stayed["qrPayload"]!);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/shelters/{centre}/close", null, Ct)).StatusCode);
        var card = await ShelterScene.JsonAsync(await host.CreateClient().PostAsJsonAsync("/api/public/evacuees/card",
            new { token = (string)stayed["token"]! }, Ct));
        Assert.Equal("checked-out", (string)card["stay"]!["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/shelters/{centre}/open", null, Ct)).StatusCode);
        await CheckInScene.ScanAsync(staff, centre, (string)later["qrPayload"]!);

        Assert.Equal(1, (int)(await CheckInScene.CentreAsync(host, centre))["headcount"]!);
    }
}
