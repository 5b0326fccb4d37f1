using System.Globalization;
using Minato.Disaster.Recovery.Surveys;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>The Cabinet Office bands at every edge, in C# and in the SQL function that derives the stored grade.</summary>
public sealed class DamageGradesTests
{
    public static TheoryData<string, DamageGrade> Edges { get; } = new()
    {
        { "0", DamageGrade.Partial },
        { "9.99", DamageGrade.Partial },
        { "10", DamageGrade.SemiHalf },
        { "19.99", DamageGrade.SemiHalf },
        { "20", DamageGrade.Half },
        { "29.99", DamageGrade.Half },
        { "30", DamageGrade.MediumScaleHalf },
        { "39.99", DamageGrade.MediumScaleHalf },
        { "40", DamageGrade.LargeScaleHalf },
        { "49.99", DamageGrade.LargeScaleHalf },
        { "50", DamageGrade.Total },
        { "100", DamageGrade.Total },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Classify_BandEdge_GivesCabinetOfficeGrade(string ratio, DamageGrade expected)
    {
        Assert.Equal(expected, DamageGrades.Classify(decimal.Parse(ratio, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void TryRatio_BandEdgeAsDouble_KeepsTheExactDecimal(string ratio, DamageGrade expected)
    {
        Assert.True(DamageGrades.TryRatio(double.Parse(ratio, CultureInfo.InvariantCulture), out var value, out var error), error);
        Assert.Equal(decimal.Parse(ratio, CultureInfo.InvariantCulture), value);
        Assert.Equal(expected, DamageGrades.Classify(value));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    [InlineData(-0.01)]
    [InlineData(100.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(12.345)]
    public void TryRatio_ImpossibleRatio_IsRefusedWithAReason(double ratio)
    {
        Assert.False(DamageGrades.TryRatio(ratio, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("100.1")]
    public void Classify_OutOfRange_Throws(string ratio)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DamageGrades.Classify(decimal.Parse(ratio, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Labels_EveryGrade_HasJapaneseAndEnglishAndRoundTripsItsWireName()
    {
        string[] ja = ["一部損壊", "準半壊", "半壊", "中規模半壊", "大規模半壊", "全壊"];
        Assert.Equal(ja, DamageGrades.All.Select(g => g.Label().Ja));
        Assert.All(DamageGrades.All, g => Assert.Equal(g, DamageGrades.FromWire(g.ToWire())));
        Assert.All(DamageGrades.All, g => Assert.False(string.IsNullOrWhiteSpace(g.Label().En)));
        Assert.Null(DamageGrades.FromWire("全壊"));
    }

    [Fact]
    public async Task SqlDamageGrade_EveryHundredthFrom0To100_AgreesWithClassify()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var cmd = db.DataSource.CreateCommand(
            "SELECT r, ops.damage_grade(r) FROM generate_series(0, 10000) i, LATERAL (SELECT (i / 100.0)::numeric(5,2) AS r) x");
        await using var reader = await cmd.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            var ratio = reader.GetDecimal(0);
            Assert.Equal(DamageGrades.Classify(ratio).ToWire(), reader.GetString(1));
            count++;
        }

        Assert.Equal(10001, count);
    }

    [Fact]
    public async Task StoredSurvey_GradeColumn_IsDerivedAndCannotBeWritten()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync(
            """
            INSERT INTO ops.buildings (address, structure, floors, use, geom, created_at, created_by)
            VALUES ('x', 'wooden', 1, 'dwelling', ST_SetSRID(ST_MakePoint(139.74, 35.65), 6668), now(), 't');
            INSERT INTO ops.damage_surveys (building_id, round, damage_ratio, surveyed_at, surveyed_by, recorded_at)
            VALUES (1, 1, 49.99, now(), 't', now());
            """);

        Assert.Equal("large-scale-half", await db.ScalarAsync<string>("SELECT grade FROM ops.damage_surveys"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync(
            "INSERT INTO ops.damage_surveys (building_id, round, damage_ratio, grade, surveyed_at, surveyed_by, recorded_at) VALUES (1, " +
                "1, 5, 'total', now(), 't', now())"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync(
            "INSERT INTO ops.damage_surveys (building_id, round, damage_ratio, surveyed_at, surveyed_by, recorded_at) VALUES (1, 1, " +
                "100.5, now(), 't', now())"));
    }
}
