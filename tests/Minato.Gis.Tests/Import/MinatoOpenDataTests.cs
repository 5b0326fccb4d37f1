using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>
/// The real open data shipped in data/minato: the same files as ../shared/data, each imports with no rejected record
/// and the published counts; shelters take the hazard flags of the emergency site of the same 共通ID facility (in
/// either import order); 東京都防災マップ's accessibility lands on the sites and shelters it matches.
/// </summary>
public sealed class MinatoOpenDataTests
{
    private static string Shipped(string relative) => Path.Combine(TestEnvironment.MinatoData, relative);

    private static readonly string Sites = Shipped("shelters/gsi_emergency_131032.geojson");
    private static readonly string Shelters = Shipped("shelters/gsi_evacuation_131032.geojson");
    private static readonly string Accessibility = Shipped("accessibility/tokyo_bousai_map_hinanbasho_minato.geojson");
    private static readonly string WaterPoints = Shipped("water-points/tokyo_kyusui_kyoten_minato.geojson");

    [Theory]
    [InlineData("boundary/geolonia_admin_13103.geojson", "boundary/geolonia_admin_13103.geojson")]
    [InlineData("shelters/gsi_emergency_131032.geojson", "shelters/gsi_emergency_131032.geojson")]
    [InlineData("shelters/gsi_evacuation_131032.geojson", "shelters/gsi_evacuation_131032.geojson")]
    [InlineData("accessibility/tokyo_bousai_map_hinanbasho_minato.geojson", "facilities/tokyo_bousai_map_hinanbasho_minato.geojson")]
    [InlineData("water-points/tokyo_kyusui_kyoten_minato.geojson", "facilities/tokyo_kyusui_kyoten_minato.geojson")]
    public void ShippedFile_SameBytesAsTheSharedSourceAndCredited(string shipped, string shared)
    {
        Assert.Equal(File.ReadAllBytes(TestEnvironment.RequireSharedFile(shared)), File.ReadAllBytes(Shipped(shipped)));
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Shipped(shipped))!, "SOURCE.md"));
        Assert.Contains("Credit (required)", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_EveryShippedFile_NoRejectAndThePublishedCounts()
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);

        var boundary = await importer.ImportAsync("boundary", TestEnvironment.WardBoundaryFile);
        var sites = await importer.ImportAsync("evacuation-sites", Sites);
        var shelters = await importer.ImportAsync("shelters", Shelters);
        var access = await importer.ImportAsync("accessibility", Accessibility);
        var water = await importer.ImportAsync("water-points", WaterPoints);

        Assert.All(new[] { boundary, sites, shelters, access, water }, r => Assert.True(r.ExitCode == 0 && r.Rejected == 0,
            ImportTestKit.Describe(r)));
        Assert.Equal((9, 1), (boundary.Read, boundary.Good));
        Assert.Equal((61, 61), (sites.Read, sites.Inserted));
        Assert.Equal((83, 83), (shelters.Read, shelters.Inserted));
        Assert.Equal((65, 4), (access.Read, access.Skipped));
        Assert.Equal((3, 3), (water.Read, water.Inserted));
        Assert.Equal("61,83,24,3,1", await db.ScalarAsync<string>("""
            SELECT concat_ws(',', count(*) FILTER (WHERE kind = 'evacuation_site'), count(*) FILTER (WHERE kind = 'shelter'),
                count(*) FILTER (WHERE kind = 'shelter' AND welfare_shelter), count(*) FILTER (WHERE kind = 'water_point'),
                (SELECT count(*) FROM gis.boundary WHERE ST_NumGeometries(geom) = 9))
            FROM gis.facilities
            """));
        // Every site, shelter and water point lies in the ward.
        Assert.Equal(0, await db.ScalarAsync<long>(
            "SELECT count(*) FROM gis.facilities f, gis.boundary b WHERE NOT ST_Covers(b.geom, f.geom)"));
        Assert.Equal("浄水場・給水所; 確保水量 26600 m³", await db.ScalarAsync<string>(
            "SELECT note FROM gis.facilities WHERE kind = 'water_point' AND name = '芝給水所'"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_ShelterThatIsAnEmergencySite_CarriesItsFlagsInEitherOrder(bool sitesFirst)
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);
        foreach (var (layer, file) in sitesFirst ? new[] { ("evacuation-sites", Sites), ("shelters", Shelters) }
                     : [("shelters", Shelters), ("evacuation-sites", Sites)])
        {
            Assert.Equal(0, (await importer.ImportAsync(layer, file)).ExitCode);
        }

        // 南山小学校: E1310300001111 (shelter) and E1310300001201 (site): 洪水, 崖崩れ, 高潮, 地震 — not 津波.
        Assert.Equal("E1310300001|t,t,t,t,f,f,f,f", await db.ScalarAsync<string>($"""
            SELECT common_id || '|' || concat_ws(',', {Flags}) FROM gis.facilities WHERE source_id = 'E1310300001111'
            """));
        // Exactly the 66 shelters whose 指定緊急避難場所との住所同一 is 1 share a facility with a site, and each has its flags.
        Assert.Equal(66, await db.ScalarAsync<long>("""
            SELECT count(*) FROM gis.facilities h WHERE h.kind = 'shelter'
              AND EXISTS (SELECT 1 FROM gis.facilities s WHERE s.kind = 'evacuation_site' AND s.common_id = h.common_id)
            """));
        Assert.Equal(0, await db.ScalarAsync<long>($"""
            SELECT count(*) FROM gis.facilities h WHERE h.kind = 'shelter' AND NOT EXISTS (
              SELECT 1 FROM gis.facilities s WHERE s.kind = 'evacuation_site' AND s.common_id = h.common_id
                AND ({Flags.Replace("suits_", "s.suits_", StringComparison.Ordinal)}) =
                    ({Flags.Replace("suits_", "h.suits_", StringComparison.Ordinal)}))
              AND h.common_id IN (SELECT common_id FROM gis.facilities WHERE kind = 'evacuation_site')
            """));
        // The shelters without a site keep no flag; the site-sharing shelters now count like the sites.
        Assert.Equal(0, await db.ScalarAsync<long>("""
            SELECT count(*) FROM gis.facilities h WHERE h.kind = 'shelter' AND (suits_flood OR suits_landslide OR suits_earthquake)
              AND h.common_id NOT IN (SELECT common_id FROM gis.facilities WHERE kind = 'evacuation_site')
            """));
        // E1310300010 has two sites: each shelter takes the one of its own name (高輪区民センター 崖崩れ, 高松中学校 not).
        Assert.Equal("高松中学校 false,高輪区民センター true", await db.ScalarAsync<string>("""
            SELECT string_agg(name || ' ' || suits_landslide, ',' ORDER BY name) FROM gis.facilities
            WHERE kind = 'shelter' AND common_id = 'E1310300010'
            """));

        // Importing both again changes nothing (the flags are set before the comparison).
        var versions = await db.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'facilities'");
        foreach (var file in new[] { Shelters, Sites })
        {
            var again = await importer.ImportAsync("gsi", file);
            Assert.True(again.Inserted == 0 && again.Updated == 0, ImportTestKit.Describe(again));
        }

        Assert.Equal(versions, await db.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'facilities'"));
    }

    [Fact]
    public async Task ImportAccessibility_MatchesByNameThenPlace_UnmatchedListedAndReimportUnchanged()
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);
        await importer.ImportAsync("evacuation-sites", Sites);
        await importer.ImportAsync("shelters", Shelters);

        var r = await importer.ImportAsync("accessibility", Accessibility);

        Assert.True(r.ExitCode == 0 && r.Rejected == 0 && r.Inserted == 0, ImportTestKit.Describe(r));
        Assert.Equal(4, r.Skipped);
        foreach (var name in new[] { "三田図書館", "高輪三丁目・四丁目・御殿山地区", "芝浦アイランド児童高齢者交流プラザ", "台場児童館" })
        {
            Assert.Contains(r.Notes, n => n.Contains($"for {name} (", StringComparison.Ordinal));
        }

        // By name: 生涯学習センター ○○○○ and a note; 南山小学校 only an accessible toilet (both its site and shelter rows).
        Assert.Equal("t,t,t,t,玄関自動ドア", await db.ScalarAsync<string>(
            $"SELECT DISTINCT concat_ws(',', {Access}, accessibility_note) FROM gis.facilities WHERE name = '生涯学習センター'"));
        Assert.Equal("2|f,f,f,t", await db.ScalarAsync<string>(
            $"SELECT count(*) || '|' || min(concat_ws(',', {Access})) FROM gis.facilities WHERE name = '南山小学校'"));
        // By place (names differ): スポーツセンター is みなとパーク芝浦（港区スポーツセンター・男女平等参画センター）, 15 m away.
        Assert.Equal(2, await db.ScalarAsync<long>(
            "SELECT count(*) FROM gis.facilities WHERE name LIKE 'みなとパーク芝浦%' AND elevator_or_ground_floor AND accessible_toilet"));
        // A facility no record matched stays unknown (null), not "no".
        Assert.Equal(0, await db.ScalarAsync<long>(
            "SELECT count(*) FROM gis.facilities WHERE name = '札の辻スクエア（産業振興センター）' AND elevator_or_ground_floor IS NOT NULL"));
        Assert.Equal(r.Updated, await db.ScalarAsync<long>(
            "SELECT count(*) FROM gis.facilities WHERE elevator_or_ground_floor IS NOT NULL"));

        var again = await importer.ImportAsync("accessibility", Accessibility);
        Assert.True(again.Updated == 0 && again.Unchanged == r.Updated, ImportTestKit.Describe(again));
    }

    [Theory]
    [InlineData("E1310300001111", "E1310300001")]
    [InlineData("E1310300001201", "E1310300001")]
    [InlineData("E1310300074121", "E1310300074")]
    [InlineData("E131030000111", null)]
    [InlineData("X1310300001111", null)]
    [InlineData("E13103000011a1", null)]
    [InlineData(null, null)]
    public void CommonFacilityId_GsiCommonId_FacilityPart(string? commonId, string? expected) =>
        Assert.Equal(expected, FacilityReader.CommonFacilityId(commonId));

    private const string Flags =
        "suits_flood, suits_landslide, suits_storm_surge, suits_earthquake, suits_tsunami, suits_fire, suits_inland_flood, suits_volcano";

    private const string Access = "elevator_or_ground_floor, slope, tactile_paving, accessible_toilet";
}
