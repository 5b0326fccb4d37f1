using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;

namespace Minato.Sensors.Tests.Ingest;

public sealed class MessageValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 8, 1, 0, 0, TimeSpan.Zero);
    private readonly MessageValidator _validator = new(
        new StationDirectory([TestStations.Rain(), TestStations.River(), TestStations.Radiation()]), new FakeTimeProvider(Now),
            IngestLimits.Default);

    private IngestResult Validate(string topic, string payload) => _validator.Validate(topic, Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Validate_ValidRainPack_ReturnsReadingAtSenmlTime()
    {
        var result = Validate("minato/v1/rain/R-TEST-01",
            """[{"bn":"urn:dev:minato:R-TEST-01:","bt":1788829200,"n":"rain","u":"mm","v":2.5},{"n":"rain","u":"mm","t":-600,"v":1}]""");
        Assert.True(result.IsAccepted, result.Detail);
        Assert.Equal(2, result.Readings.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1788829200), result.Readings[0].ObservedAt);
        Assert.Equal(2.5, result.Readings[0].Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1788829200 - 600), result.Readings[1].ObservedAt);
    }

    [Fact]
    public void Validate_MicroSignUnit_AcceptedAsMicrosievert()
    {
        var result = Validate("minato/v1/radiation/D-TEST-01",
            """[{"bn":"urn:dev:minato:D-TEST-01:","n":"dose_rate","u":"µSv/h","v":0.05}]""");
        Assert.True(result.IsAccepted, result.Detail);
        Assert.Equal(Now, result.Readings[0].ObservedAt); // no time = now (RFC 8428 relative time 0)
    }

    [Theory]
    [InlineData("minato/v1/rain/R-NOPE", """[{"bn":"urn:dev:minato:R-NOPE:","n":"rain","u":"mm","v":1}]""",
        DeadLetterReason.UnknownStation)]
    [InlineData("minato/v1/river/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"rain","u":"mm","v":1}]""",
        DeadLetterReason.WrongKind)]
    [InlineData("minato/v2/rain/R-TEST-01", "[]", DeadLetterReason.BadTopic)]
    [InlineData("minato/v1/rain/R-TEST-01", "{", DeadLetterReason.Unparseable)]
    [InlineData("minato/v1/rain/R-TEST-01", "[]", DeadLetterReason.Unparseable)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"rain","u":"cm","v":1}]""",
        DeadLetterReason.WrongUnit)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"temp","u":"mm","v":1}]""",
        DeadLetterReason.UnknownMeasurement)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"rain","u":"mm","v":-1}]""",
        DeadLetterReason.ImpossibleValue)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"rain","u":"mm","v":999}]""",
        DeadLetterReason.ImpossibleValue)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","bt":1798761600,"n":"rain","u":"mm","v":1}]""",
        DeadLetterReason.FutureTime)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","bt":1500000000,"n":"rain","u":"mm","v":1}]""",
        DeadLetterReason.TooOld)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:W-TEST-01:","n":"rain","u":"mm","v":1}]""",
        DeadLetterReason.StationMismatch)]
    [InlineData("minato/v1/rain/R-TEST-01", """[{"bn":"urn:dev:minato:R-TEST-01:","n":"rain","u":"mm","vs":"1"}]""",
        DeadLetterReason.Unparseable)]
    public void Validate_BadMessage_RejectedWithReason(string topic, string payload, string reason)
    {
        var result = Validate(topic, payload);
        Assert.False(result.IsAccepted);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Fact]
    public void Validate_RandomBytes_NeverThrowsAndRejectsWithReason()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var result = _validator.Validate("minato/v1/rain/R-TEST-01", bytes ?? []);
            return result.IsAccepted ? result.Readings.Count > 0 : result.Reason is not null;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Validate_MutatedValidPayload_NeverThrows()
    {
        const string valid = """[{"bn":"urn:dev:minato:R-TEST-01:","bt":1788829200,"n":"rain","u":"mm","v":2.5}]""";
        Prop.ForAll<int, char, string>((position, replacement, topicSuffix) =>
        {
            var chars = valid.ToCharArray();
            chars[Math.Abs(position % chars.Length)] = replacement;
            var result = _validator.Validate("minato/v1/rain/" + (topicSuffix ?? ""), Encoding.UTF8.GetBytes(chars));
            var payloadText = MessageValidator.PayloadText(Encoding.UTF8.GetBytes(chars), 2_000);
            return (result.IsAccepted || result.Reason is not null) && payloadText.Length <= 2_001;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PayloadText_LongBinaryPayload_TruncatedToLimit()
    {
        var text = MessageValidator.PayloadText(Enumerable.Repeat((byte)0xFF, 100_000).ToArray(), 100);
        Assert.Equal(101, text.Length);
    }
}
