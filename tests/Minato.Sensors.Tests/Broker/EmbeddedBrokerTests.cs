using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using Minato.Sensors.Broker;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Broker;

/// <summary>The embedded MQTTnet broker: authentication, topic rights, and the ingest through it to PostGIS.</summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private readonly int _port = FreePort.Next();
    private TestDatabase _db = null!;
    private EmbeddedBroker _broker = null!;
    private readonly Station _station = TestStations.Rain("R-EMB-01");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await TestStations.SeedAsync(_db.DataSource, _station, TestStations.River("W-EMB-01"));
        _broker = new EmbeddedBroker(new BrokerOptions { Port = _port },
            new IngestOptions { Username = MosquittoBroker.IngestUser, Password = MosquittoBroker.IngestPassword },
            new StationStore(_db.DataSource), NullLogger<EmbeddedBroker>.Instance);
        await _broker.StartAsync(CancellationToken.None);
        Assert.True(_broker.IsRunning);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.StopAsync(CancellationToken.None);
        _broker.Dispose();
        await _db.DisposeAsync();
    }

    private async Task<MqttClientConnectResultCode> ConnectAsync(string? user, string? password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("t-" + Guid.NewGuid().ToString("N")[..8]);
        if (user is not null)
        {
            builder.WithCredentials(user, password);
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build());
            return result.ResultCode;
        }
        catch (Exception e) when (e.GetType().Name == "MqttConnectingFailedException")
        {
            // MQTTnet throws on a refused CONNACK; the exception carries the broker's reason.
            return (MqttClientConnectResultCode)e.GetType().GetProperty("ResultCode")!.GetValue(e)!;
        }
    }

    [Fact]
    public async Task Connect_Anonymous_Refused() =>
        Assert.NotEqual(MqttClientConnectResultCode.Success, await ConnectAsync(null, null));

    [Fact]
    public async Task Connect_WrongPassword_Refused() =>
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectAsync(_station.Id, "wrong"));

    [Fact]
    public async Task Connect_StationWithItsPassword_Accepted() =>
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectAsync(_station.Id, "pw-" + _station.Id));

    [Fact]
    public async Task Publish_ToAnotherStationsTopic_NotAuthorized()
    {
        await using var pub = await StationPublisher.ConnectAsync(_port, _station.Id, "pw-" + _station.Id);
        var own = await pub.PublishAsync($"minato/v1/rain/{_station.Id}", "[]");
        var other = await pub.PublishAsync("minato/v1/river/W-EMB-01", "[]");
        Assert.True(own.IsSuccess);
        Assert.False(other.IsSuccess);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, other.ReasonCode);
    }

    [Fact]
    public void MayPublish_Topics_OnlyOwnKindOrStatus()
    {
        Assert.True(EmbeddedBroker.MayPublish("R-1", "minato/v1/rain/R-1"));
        Assert.True(EmbeddedBroker.MayPublish("R-1", "minato/v1/status/R-1"));
        Assert.False(EmbeddedBroker.MayPublish("R-1", "minato/v1/rain/R-2"));
        Assert.False(EmbeddedBroker.MayPublish("R-1", "minato/v1/wind/R-1"));
        Assert.False(EmbeddedBroker.MayPublish(null, "minato/v1/rain/R-1"));
        Assert.False(EmbeddedBroker.MayPublish("R-1", "minato/v1/rain/R-1/extra"));
    }

    [Fact]
    public async Task Ingest_ThroughEmbeddedBroker_StoresReadings()
    {
        await using var ingest = new IngestHarness(_db.ConnectionString, _port, [_station]);
        await ingest.StartAsync();
        await using var pub = await StationPublisher.ConnectAsync(_port, _station.Id, "pw-" + _station.Id);
        var start = TimeProvider.System.GetUtcNow().AddHours(-2);
        for (var i = 0; i < 12; i++)
        {
            Assert.True((await pub.PublishAsync($"minato/v1/rain/{_station.Id}",
                StationPublisher.Senml(_station.Id, "rain", "mm", start.AddMinutes(10 * i), 1))).IsSuccess);
        }

        await Wait.UntilAsync(async () => await TestStations.CountAsync(_db, _station.Id) == 12, TimeSpan.FromSeconds(30), "12 rows");
    }
}
