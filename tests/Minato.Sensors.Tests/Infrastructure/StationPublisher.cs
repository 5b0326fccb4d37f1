using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Minato.Sensors.Tests.Infrastructure;

/// <summary>An MQTT 5 client publishing SenML as one station (QoS 1).</summary>
internal sealed class StationPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private StationPublisher(IMqttClient client) => _client = client;

    public static async Task<StationPublisher> ConnectAsync(int port, string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("pub-" + user + "-" + Guid.NewGuid().ToString("N")[..6])
            .WithCredentials(user, password)
            .WithCleanStart(true)
            .Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"connect refused: {result.ResultCode}");
        }

        return new StationPublisher(client);
    }

    public static string Senml(string stationId, string name, string unit, DateTimeOffset at, double value) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{{\"bn\":\"urn:dev:minato:{stationId}:\",\"bt\":{at.ToUnixTimeMilliseconds() / 1000.0}," +
            $"\"n\":\"{name}\",\"u\":\"{unit}\",\"v\":{value}}}]");

    public async Task<MqttClientPublishResult> PublishAsync(string topic, string payload, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        return await _client.PublishAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
