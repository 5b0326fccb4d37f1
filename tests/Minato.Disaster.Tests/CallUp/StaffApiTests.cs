using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Minato.Disaster.Tests.CallUp;

/// <summary>
/// The staff directory is personal data: only hq reads or writes it, every read is audited with the ids returned, no
/// response is cached; bad input is a 4xx naming the field; a CSV import keeps every good row and reports the bad ones.
/// </summary>
public sealed class StaffApiTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Directory_NonHq_Refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/staff", Ct)).StatusCode);
        foreach (var (role, district) in new[] { ("district", "shiba"), ("field", "shiba"), ("shelter", (string?)null) })
        {
            var client = host.CreateClient(role, district, role == "shelter" ? "1" : null);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/staff", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/staff",
                new { name = "x", email = "x@example.jp", district = "hq", groups = new[] { "A" } }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/callups", new { level = "first" }, Ct)).StatusCode);
        }

        // A district HQ reads the call-up boards, without names.
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient("district", "shiba").GetAsync("/api/callups", Ct)).StatusCode);
    }

    [Fact]
    public async Task Directory_ReadsAuditedWithIds_NotCached()
    {
        var hq = host.CreateClient("hq", subject: "hq-reader");
        using var created = await hq.PostAsJsonAsync("/api/staff",
            new
            {
                name = "芝浦 五郎", email = "goro@staff.example", phone = "03-1234-5678", district = "shibaura-konan", groups = new[] { "B" },
            },
            Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        using var list = await hq.GetAsync("/api/staff", Ct);
        using var one = await hq.GetAsync($"/api/staff/{id}", Ct);

        Assert.True(list.Headers.CacheControl?.NoStore);
        Assert.True(one.Headers.CacheControl?.NoStore);
        Assert.Contains("芝浦 五郎", await one.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(2, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'staff.read' AND actor = 'hq-reader' AND details->'ids' @> '[{id}]'", Ct));
        // The audit names ids, never the person.
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.audit_log WHERE details::text LIKE '%goro@%' OR details::text LIKE '%五郎%'", Ct));
    }

    [Fact]
    public async Task Write_BadInput_SpecificProblems()
    {
        var hq = host.CreateClient("hq");
        using var bad = await hq.PostAsJsonAsync("/api/staff",
            new { name = "", email = "nope", district = "ginza", groups = Array.Empty<string>() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["district", "email", "groups", "name"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var body = new { name = "重複 太郎", email = "dup@staff.example", district = "hq", groups = new[] { "A" } };
        Assert.Equal(HttpStatusCode.Created, (await hq.PostAsJsonAsync("/api/staff", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await hq.PostAsJsonAsync("/api/staff", body with { email = "DUP@staff.example" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hq.PutAsJsonAsync("/api/staff/999999", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hq.PostAsync("/api/staff",
            new StringContent("{\"name\":\"a\",\"role\":\"admin\"}", Encoding.UTF8, "application/json"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await hq.PostAsJsonAsync("/api/callups", new { level = "fourth" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Import_GoodRowsKept_BadRowsReportedByLine_ReimportUpdates()
    {
        var hq = host.CreateClient("hq");
        const string csv = """
            name,email,phone,district,groups
            赤坂 一郎,ichiro@import.example,03-0000-0001,akasaka,A;B
            "港, 花子",hanako@import.example,,hq,C
            悪い 地区,bad-district@import.example,,ginza,A
            悪い メール,not-an-address,,shiba,A
            """;
        using var first = await hq.PostAsync("/api/staff/import", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = (await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(2, (int)result["created"]!);
        Assert.Equal([4, 5], result["errors"]!.AsArray().Select(e => (int)e!["line"]!));
        Assert.Contains("district", (string)result["errors"]![0]!["error"]!, StringComparison.Ordinal);
        Assert.Equal("港, 花子", await host.Database.ScalarAsync<string>(
            "SELECT name FROM ops.staff WHERE email = 'hanako@import.example'", Ct));
        Assert.Equal(new[] { "A", "B" }, await host.Database.ScalarAsync<string[]>(
            "SELECT groups FROM ops.staff WHERE email = 'ichiro@import.example'", Ct));

        using var again = await hq.PostAsync("/api/staff/import",
            new StringContent("name,email,phone,district,groups\n赤坂 一郎,ICHIRO@import.example,,azabu,A\n", Encoding.UTF8, "text/csv"), Ct);
        var second = (await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(0, (int)second["created"]!);
        Assert.Equal(1, (int)second["updated"]!);
        Assert.Equal("azabu", await host.Database.ScalarAsync<string>(
            "SELECT district FROM ops.staff WHERE email ILIKE 'ichiro@import.example'", Ct));
        Assert.Equal(2, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'staff.import'", Ct));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await hq.PostAsync("/api/staff/import",
            new StringContent("{}", Encoding.UTF8, "application/json"), Ct)).StatusCode);
        using var noHeader = await hq.PostAsync("/api/staff/import", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Contains("missing column", (await noHeader.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }
}
