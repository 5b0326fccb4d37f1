using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using static Minato.Disaster.Tests.Recovery.RecoveryKit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>/api/surveys through the real host on PostGIS: field staff record, grades are derived, retries store once.</summary>
public sealed class SurveysApiTests(RecoveryApiFactory factory) : IClassFixture<RecoveryApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        if (await factory.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary") == 0)
        {
            await factory.LoadWardAsync();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Create_FieldStaffNewBuilding_DerivesGradeDistrictAndAudits()
    {
        using var field = factory.CreateClient("field", subject: "surveyor-a");
        var head = await factory.AuditHeadAsync();

        var survey = await SurveyNewBuildingAsync(field, 49.99m);

        Assert.Equal(49.99m, survey.GetProperty("damageRatio").GetDecimal());
        Assert.Equal("large-scale-half", survey.GetProperty("grade").GetString());
        Assert.Equal("大規模半壊", survey.GetProperty("gradeLabel").GetProperty("ja").GetString());
        Assert.Equal("第1次調査", survey.GetProperty("roundLabel").GetProperty("ja").GetString());
        Assert.Equal("surveyor-a", survey.GetProperty("surveyedBy").GetString());
        Assert.True(survey.GetProperty("effective").GetBoolean());
        var building = survey.GetProperty("building");
        Assert.Equal("shiba", building.GetProperty("district").GetString());
        Assert.Equal(Lon, building.GetProperty("location").GetProperty("coordinates")[0].GetDouble(), 7);
        var audit = await factory.AuditRowsAsync("survey.create", head);
        var row = Assert.Single(audit);
        Assert.Equal(("surveyor-a", "field"), (row.Actor, row.Role));
        Assert.Equal(survey.GetProperty("id").GetInt64(), row.Details.GetProperty("surveyId").GetInt64());
        Assert.Single(await factory.AuditRowsAsync("building.create", head));
    }

    [Fact]
    public async Task Create_RoundTwo_SupersedesRoundOneAsTheEffectiveSurvey()
    {
        using var field = factory.CreateClient("field", subject: "surveyor-b");
        var first = await SurveyNewBuildingAsync(field, 25m);

        var second = await SurveyAsync(field, first.BuildingId(), 2, 31.5m);
        using var hq = factory.CreateClient("hq");
        var reread = await hq.GetFromJsonAsync<JsonElement>($"/api/surveys/{first.GetProperty("id").GetInt64()}");

        Assert.Equal("medium-scale-half", second.GetProperty("grade").GetString());
        Assert.True(second.GetProperty("effective").GetBoolean());
        Assert.False(reread.GetProperty("effective").GetBoolean());
        // A late round-1 entry does not displace the round-2 survey.
        var late = await SurveyAsync(field, first.BuildingId(), 1, 5m);
        Assert.False(late.GetProperty("effective").GetBoolean());
    }

    [Fact]
    public async Task Create_ComponentBreakdown_ComputesTheRatio()
    {
        using var field = factory.CreateClient("field");
        var body = $$"""
            {"building":{{NewBuilding()}},"round":1,"components":[
              {"component":"屋根","weight":15,"damage":100},{"component":"外壁","weight":35,"damage":40},{"component":"基礎",
                "weight":50,"damage":10}]}
            """;

        using var response = await field.PostAsync("/api/surveys", Json(body));
        var survey = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(34m, survey.GetProperty("damageRatio").GetDecimal());
        Assert.Equal("medium-scale-half", survey.GetProperty("grade").GetString());
        Assert.Equal(3, survey.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task Create_RetryWithSameIdempotencyKey_StoresOnceAndReplays()
    {
        using var field = factory.CreateClient("field", subject: "surveyor-c");
        var body = $$"""{"building":{{NewBuilding()}},"round":1,"damageRatio":12.5}""";
        var key = Guid.NewGuid().ToString();
        var before = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/surveys") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await field.SendAsync(request);
            return (response.StatusCode, Replayed: response.Headers.Contains("Idempotency-Replayed"),
                Id: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Id).Distinct());
        Assert.Equal(3, responses.Count(r => r.Replayed));
        Assert.Equal(before + 1, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));

        using var other = new HttpRequestMessage(HttpMethod.Post,
            "/api/surveys") { Content = Json(body.Replace("12.5", "12.6", StringComparison.Ordinal)) };
        other.Headers.Add("Idempotency-Key", key);
        using var conflict = await field.SendAsync(other);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Equal(before + 1, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));
    }

    [Theory]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":100.1}""", "damageRatio")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":-0.1}""", "damageRatio")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":12.345}""", "damageRatio")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":"NaN"}""", "damageRatio")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":30,"grade":"total"}""", "grade")]
    [InlineData("""{"building":BUILDING,"round":3,"damageRatio":30}""", "round")]
    [InlineData("""{"building":BUILDING,"round":2,"damageRatio":30}""", "round")]
    [InlineData("""{"round":1,"damageRatio":30}""", "building")]
    [InlineData("""{"building":BUILDING,"round":1}""", "damageRatio")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":30,"components":[{"component":"屋根","weight":60,"damage":10}]}""",
        "components")]
    [InlineData("""{"building":BUILDING,"round":1,"damageRatio":30,"surveyedAt":"2030-01-01T00:00:00Z"}""", "surveyedAt")]
    [InlineData("""{"building":{"address":"x","location":{"type":"Point","coordinates":[35.65,139.74]},""" +
        """  "structure":"wooden","floors":2,"use":"dwelling"},"round":1,"damageRatio":30}""", "building.location")]
    [InlineData("""{"building":{"address":"","location":null,"structure":"brick","floors":0,"use":"house"},"round":1,"damageRatio":30}""",
        "building.structure")]
    public async Task Create_InvalidRequest_Is400NamingTheFieldAndStoresNothing(string template, string field)
    {
        using var client = factory.CreateClient("field");
        var before = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys");

        using var response = await client.PostAsync("/api/surveys",
            Json(template.Replace("BUILDING", NewBuilding(), StringComparison.Ordinal)));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));
    }

    [Fact]
    public async Task Create_PointInsideBoxButOutsideBoundary_Is422()
    {
        await factory.Database.ExecuteAsync(
            "UPDATE gis.boundary SET geom = ST_Multi(ST_MakeEnvelope(139.708, 35.623, 139.760, 35.683, 6668)) WHERE id = '13103'");
        try
        {
            using var client = factory.CreateClient("field");
            using var response = await client.PostAsync("/api/surveys",
                Json($$"""{"building":{{NewBuilding(lon: 139.775)}},"round":1,"damageRatio":30}"""));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("outside", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await factory.Database.ExecuteAsync(
                "UPDATE gis.boundary SET geom = ST_Multi(ST_MakeEnvelope(139.708, 35.623, 139.783, 35.683, 6668)) WHERE id = '13103'");
        }
    }

    [Fact]
    public async Task Create_UnknownBuilding_Is422AndTooLargeBodyIs413()
    {
        using var client = factory.CreateClient("field");

        using var unknown = await client.PostAsync("/api/surveys", Json("""{"buildingId":999999,"round":2,"damageRatio":30}"""));
        using var large = await client.PostAsync("/api/surveys", Json($$"""{"note":"{{new string('x', 70_000)}}"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task Read_FieldStaff_SeeOnlyTheirOwnSurveysAndEveryReadIsAudited()
    {
        using var mine = factory.CreateClient("field", subject: "surveyor-own");
        using var theirs = factory.CreateClient("field", subject: "surveyor-other");
        var own = await SurveyNewBuildingAsync(mine, 5m);
        var other = await SurveyNewBuildingAsync(theirs, 55m, address: "東京都港区六本木六丁目10番1号");
        var head = await factory.AuditHeadAsync();

        using var forbidden = await mine.GetAsync($"/api/surveys/{other.GetProperty("id").GetInt64()}");
        var list = await mine.GetFromJsonAsync<JsonElement>("/api/surveys?limit=500");

        // Another's survey answers like a missing one: the caller learns nothing, not even that it exists.
        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.DoesNotContain("六本木", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ids = list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal([own.GetProperty("id").GetInt64()], ids);
        var reads = await factory.AuditRowsAsync("survey.read", head);
        var read = Assert.Single(reads);
        Assert.Equal("surveyor-own", read.Actor);
        Assert.Equal(ids, read.Details.GetProperty("surveyIds").EnumerateArray().Select(i => i.GetInt64()));
    }

    [Fact]
    public async Task Create_FieldStaffOnAnotherSurveyorsBuildingOutsideTheirDistrict_AnswersLikeAMissingBuilding()
    {
        using var recorder = factory.CreateClient("field", subject: "surveyor-recorder");
        var first = await SurveyNewBuildingAsync(recorder, 25m, address: "東京都港区芝公園一丁目9番9号");
        var building = first.BuildingId();
        using var stranger = factory.CreateClient("field", subject: "surveyor-stranger");
        using var azabu = factory.CreateClient("field", district: "azabu", subject: "surveyor-azabu");
        var before = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys");

        var roundTwo = $$"""{"buildingId":{{building}},"round":2,"damageRatio":60}""";
        using var byStranger = await stranger.PostAsync("/api/surveys", Json(roundTwo));
        using var byAzabu = await azabu.PostAsync("/api/surveys", Json(roundTwo));
        using var missing = await stranger.PostAsync("/api/surveys", Json("""{"buildingId":987654,"round":2,"damageRatio":60}"""));

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity],
            [byStranger.StatusCode, byAzabu.StatusCode, missing.StatusCode]);
        var strangerText = await byStranger.Content.ReadAsStringAsync();
        var strangerProblem = JsonDocument.Parse(strangerText).RootElement;
        var missingProblem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(missingProblem.GetProperty("title").GetString(), strangerProblem.GetProperty("title").GetString());
        Assert.Equal(missingProblem.GetProperty("detail").GetString()!.Replace("building 987654", "building #", StringComparison.Ordinal),
            strangerProblem.GetProperty("detail").GetString()!.Replace($"building {building}", "building #", StringComparison.Ordinal));
        Assert.DoesNotContain("芝公園", strangerText, StringComparison.Ordinal);
        Assert.Equal(before, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));
        using var hq = factory.CreateClient("hq");
        var effective = await hq.GetFromJsonAsync<JsonElement>($"/api/surveys/{first.GetProperty("id").GetInt64()}");
        // The round-1 grade still stands: no round-2 ratio of a stranger changed what certificates are issued from.
        Assert.Equal("half", effective.GetProperty("grade").GetString());
        Assert.True(effective.GetProperty("effective").GetBoolean());
    }

    [Fact]
    public async Task Create_FieldStaffOfTheBuildingsDistrictOrHq_MaySurveyIt()
    {
        using var recorder = factory.CreateClient("field", subject: "surveyor-first");
        var first = await SurveyNewBuildingAsync(recorder, 25m);
        using var shibaField = factory.CreateClient("field", district: "shiba", subject: "surveyor-shiba");
        using var hq = factory.CreateClient("hq", subject: "hq-surveyor");

        var byDistrict = await SurveyAsync(shibaField, first.BuildingId(), 2, 41m);
        var byHq = await SurveyAsync(hq, first.BuildingId(), 2, 45m);

        Assert.Equal("surveyor-shiba", byDistrict.GetProperty("surveyedBy").GetString());
        Assert.Equal("large-scale-half", byHq.GetProperty("grade").GetString());
    }

    [Theory]
    [InlineData("district", "shiba", null)]
    [InlineData("shelter", null, "101")]
    [InlineData("public", null, null)]
    public async Task Surveys_OtherRoles_Are403AndStoreNothing(string role, string? district, string? shelter)
    {
        using var client = factory.CreateClient(role, district, shelter);
        var before = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys");

        using var create = await client.PostAsync("/api/surveys", Json($$"""{"building":{{NewBuilding()}},"round":1,"damageRatio":30}"""));
        using var list = await client.GetAsync("/api/surveys");
        using var one = await client.GetAsync("/api/surveys/1");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [create.StatusCode, list.StatusCode, one.StatusCode]);
        Assert.Equal(before, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));
    }

    [Fact]
    public async Task Create_Survey_PushesDistrictGradeCountsToStaffScopesOnly()
    {
        var state = factory.Services.GetRequiredService<SituationState>();
        using var field = factory.CreateClient("field");

        await SurveyNewBuildingAsync(field, 77m);
        var expected = await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.buildings b WHERE b.district = 'shiba' AND (SELECT x.grade FROM ops.damage_surveys x " +
            "WHERE x.building_id = b.id ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) = 'total'");

        var summary = await Wait.ForAsync(() =>
        {
            var entity = state.Snapshot(SituationScope.Hq).Entities
                .SingleOrDefault(e => e.Kind == SituationKinds.DamageSurveySummary && e.Id == "shiba");
            return Task.FromResult(entity?.Data is { } json ? JsonDocument.Parse(json).RootElement : (JsonElement?)null);
        }, data => data?.GetProperty("byGrade").GetProperty("total").GetInt64() == expected, TimeSpan.FromSeconds(10),
            _ => $"the Shiba summary to count {expected} total");

        Assert.NotNull(summary);
        Assert.Equal("shiba", summary.Value.GetProperty("district").GetString());
        Assert.DoesNotContain("港区芝公園", summary.Value.ToString(), StringComparison.Ordinal);
        Assert.Contains(state.Snapshot(SituationScope.ForDistrict("shiba")).Entities, e => e.Kind == SituationKinds.DamageSurveySummary);
        Assert.DoesNotContain(state.Snapshot(SituationScope.ForDistrict("azabu")).Entities, e =>
            e.Kind == SituationKinds.DamageSurveySummary);
        Assert.DoesNotContain(state.Snapshot(SituationScope.Public).Entities, e => e.Kind == SituationKinds.DamageSurveySummary);
    }

    [Fact]
    public async Task Start_SurveysAlreadyStored_AreInTheFirstSnapshot()
    {
        await using var fresh = new RecoveryApiFactory();
        await fresh.InitializeAsync();
        await fresh.Database.ExecuteAsync(
            """
            INSERT INTO ops.buildings (address, structure, floors, use, district, geom, created_at, created_by) VALUES
              ('a', 'wooden', 1, 'dwelling', 'azabu', ST_SetSRID(ST_MakePoint(139.73, 35.65), 6668), now(), 't'),
              ('b', 'wooden', 1, 'dwelling', 'azabu', ST_SetSRID(ST_MakePoint(139.73, 35.65), 6668), now(), 't');
            INSERT INTO ops.damage_surveys (building_id, round, damage_ratio, surveyed_at, surveyed_by, recorded_at) VALUES
              (1, 1, 15, now(), 't', now()), (1, 2, 45, now(), 't', now()), (2, 1, 9.99, now(), 't', now());
            """);

        var state = fresh.Services.GetRequiredService<SituationState>();
        var entity = await Wait.ForAsync(() => Task.FromResult(state.Snapshot(SituationScope.ForDistrict("azabu"))
                .Entities.SingleOrDefault(e => e.Kind == SituationKinds.DamageSurveySummary)),
            e => e is not null, TimeSpan.FromSeconds(10), _ => "the Azabu summary in the first snapshot");

        Assert.NotNull(entity);
        var byGrade = JsonDocument.Parse(entity.Data!).RootElement.GetProperty("byGrade");
        Assert.Equal(1, byGrade.GetProperty("large-scale-half").GetInt64());
        Assert.Equal(1, byGrade.GetProperty("partial").GetInt64());
        Assert.Equal(0, byGrade.GetProperty("semi-half").GetInt64());
    }

    [Fact]
    public async Task Surveys_Anonymous_Is401()
    {
        using var client = factory.CreateClient();

        using var create = await client.PostAsync("/api/surveys", Json("""{"round":1}"""));
        using var list = await client.GetAsync("/api/surveys");

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }
}
