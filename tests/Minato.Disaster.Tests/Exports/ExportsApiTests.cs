using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Exports;
using Minato.Gis.Import;

namespace Minato.Disaster.Tests.Exports;

/// <summary>
/// The national exports on the real host and the real GSI lists of Minato (../shared/data/shelters): the EEI shelter status
/// (JSON and CSV with BOM) and the 指定緊急避難場所一覧 in the 自治体標準オープンデータセット layout, each checked against its
/// documented column list (written out here on its own) and the values of a real row (南山小学校); who may fetch them; the
/// scheduled copy to a folder.
/// </summary>
public sealed class ExportsApiTests(ExportsApiTests.Host host) : IClassFixture<ExportsApiTests.Host>
{
    // 自治体標準オープンデータセット（デジタル庁, 正式版）指定緊急避難場所一覧: the 39 items, in order, as two independent public
    // implementations of the item definition list them (a Spring DTO carrying each item's 掲載区分 and a municipal CSV
    // converter's header; both agree item for item). Written out here on its own, not read from the code under test.
    private static readonly string[] OpenDataHeader =
    [
        "全国地方公共団体コード", "ID", "名称", "名称_カナ", "名称_英字", "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記",
        "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)", "緯度", "経度", "標高", "電話番号",
        "内線番号", "連絡先メールアドレス", "連絡先FormURL", "連絡先備考（その他、SNSなど）", "郵便番号", "市区町村コード", "地方公共団体名",
        "災害種別_洪水", "災害種別_崖崩れ、土石流及び地滑り", "災害種別_高潮", "災害種別_地震", "災害種別_津波", "災害種別_大規模な火事",
        "災害種別_内水氾濫", "災害種別_火山現象", "指定避難所との重複", "想定収容人数", "対象となる町会・自治会", "URL", "画像", "画像_ライセンス",
        "備考",
    ];

    private static readonly string[] EeiHeader =
    [
        "全国共通避難所・避難場所ID", "避難所名", "開設状況", "避難者数", "世帯数", "要配慮者_車いす", "要配慮者_乳幼児", "ペット", "要医療",
        "必要物資", "更新日時",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EeiJsonAndCsv_OpenCentreInTheEeiVocabulary_KeyedByCommonId()
    {
        var minamiyama = await host.OpenMinamiyamaAsync();
        var json = (await (await Ok(host.HttpClient("hq"), "/api/exports/eei.json")).Content.ReadFromJsonAsync<JsonArray>(Ct))!;
        var row = json.Single(r => (string?)r!["全国共通避難所・避難場所ID"] == "E1310300001111")!.AsObject();
        Assert.Equal(EeiHeader, row.Select(p => p.Key).ToArray());
        Assert.Equal("南山小学校", (string?)row["避難所名"]);
        Assert.Equal("開設", (string?)row["開設状況"]);
        Assert.Equal(30, (int)row["避難者数"]!);
        Assert.Equal(12, (int)row["世帯数"]!);
        Assert.Equal(2, (int)row["ペット"]!);
        Assert.Contains(json, r => (string?)r!["開設状況"] == "未開設");

        var (header, rows) = await CsvAsync("/api/exports/eei.csv");
        Assert.Equal(EeiHeader, header);
        var csv = rows.Single(r => r[0] == "E1310300001111");
        Assert.Equal(["南山小学校", "開設", "30", "12", "1", "0", "2", "0", "water 100L"], csv[1..10]);
        Assert.NotEqual("", minamiyama);
    }

    [Fact]
    public async Task EvacuationSitesCsv_HasTheOpenDataColumns_AndTheRealRowsValues()
    {
        var (header, rows) = await CsvAsync("/api/exports/evacuation-sites.csv");
        Assert.Equal(OpenDataHeader, header);
        Assert.All(rows, r => Assert.Equal(OpenDataHeader.Length, r.Length));
        var row = rows.Single(r => r[1] == "E1310300001201");
        string Cell(string column) => row[Array.IndexOf(OpenDataHeader, column)];
        Assert.Equal("131032", Cell("全国地方公共団体コード"));
        Assert.Equal("東京都港区", Cell("地方公共団体名"));
        Assert.Equal("南山小学校", Cell("名称"));
        Assert.Equal("東京都港区元麻布3-8-15", Cell("所在地_連結表記"));
        Assert.Equal("東京都", Cell("所在地_都道府県"));
        Assert.Equal("港区", Cell("所在地_市区町村"));
        Assert.Equal("131032", Cell("市区町村コード"));
        Assert.Equal("35.657226", Cell("緯度"));
        Assert.Equal("139.731113", Cell("経度"));
        Assert.Equal(["1", "1", "1", "1", "", "", "", ""], OpenDataHeader.Where(c => c.StartsWith("災害種別_", StringComparison.Ordinal))
            .Select(Cell).ToArray());
        Assert.Equal("1", Cell("指定避難所との重複"));
        Assert.Contains(rows, r => r[Array.IndexOf(OpenDataHeader, "指定避難所との重複")] == "");
    }

    [Fact]
    public async Task Exports_HqOnly_ByDefault()
    {
        foreach (var url in new[] { "/api/exports/eei.json", "/api/exports/eei.csv", "/api/exports/evacuation-sites.csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await host.HttpClient("district", "shiba").GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await new HttpClient { BaseAddress = new Uri(host.BaseAddress) }.GetAsync(url, Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Schedule_WritesTheThreeFilesToTheFolder()
    {
        await host.OpenMinamiyamaAsync();
        var folder = Path.Combine(Path.GetTempPath(), "minato-exports-" + Guid.NewGuid().ToString("N"));
        try
        {
            await host.Services.GetRequiredService<ExportSchedule>().WriteAsync(folder, Ct);
            var eei = await File.ReadAllBytesAsync(Path.Combine(folder, "eei.csv"), Ct);
            Assert.Equal(Encoding.UTF8.GetPreamble(), eei[..3]);
            Assert.Contains("E1310300001111,南山小学校,開設,30,12", Encoding.UTF8.GetString(eei), StringComparison.Ordinal);
            Assert.Contains("E1310300001201", await File.ReadAllTextAsync(Path.Combine(folder, "evacuation_sites.csv"), Ct),
                StringComparison.Ordinal);
            Assert.Contains("南山小学校", await File.ReadAllTextAsync(Path.Combine(folder, "eei.json"), Ct), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<(string[] Header, List<string[]> Rows)> CsvAsync(string url)
    {
        var response = await Ok(host.HttpClient("hq"), url);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        // No field of these rows holds a comma or a quote, so a split reads them.
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    private static async Task<HttpResponseMessage> Ok(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode}");
        return response;
    }

    /// <summary>The real host with Minato's real GSI 指定緊急避難場所 and 指定避難所 lists imported.</summary>
    public sealed class Host : KestrelApiFactory, IAsyncLifetime
    {
        async ValueTask IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
            foreach (var file in new[] { "shelters/gsi_emergency_131032.geojson", "shelters/gsi_evacuation_131032.geojson" })
            {
                var result = await importer.ImportAsync("gsi", TestEnvironment.RequireSharedFile(file));
                Assert.True(result.Succeeded, "importing " + file + " failed");
            }
        }

        /// <summary>Opens 南山小学校 (指定避難所 E1310300001111) with 30 evacuees in 12 households; returns its facility id.</summary>
        public async Task<string> OpenMinamiyamaAsync()
        {
            await using var cmd = Database.DataSource.CreateCommand(
                "SELECT id FROM gis.facilities WHERE kind = 'shelter' AND source_id = 'E1310300001111'");
            var id = ((long)(await cmd.ExecuteScalarAsync(Ct))!).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hq = HttpClient("hq");
            (await hq.PostAsync($"/api/shelters/{id}/open", null, Ct)).EnsureSuccessStatusCode();
            (await hq.PutAsJsonAsync($"/api/shelters/{id}/status", new
            {
                headcount = 30,
                households = 12,
                needs = new { wheelchair = 1, infants = 0, pets = 2, medical = 0 },
                supplies = new[] { new { item = "water", quantity = 100, unit = "L" } },
            }, Ct)).EnsureSuccessStatusCode();
            return id;
        }
    }
}
