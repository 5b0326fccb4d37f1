using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Simulation;

/// <summary>Publishes readings over MQTT 5 (QoS 1) as the stations themselves: one authenticated connection per station.</summary>
public sealed class SimulationPublisher : IAsyncDisposable
{
    private readonly Dictionary<string, (Station Station, IMqttClient Client)> _clients = new(StringComparer.Ordinal);

    public static async Task<SimulationPublisher> ConnectAsync(
        string host, int port, IEnumerable<(Station Station, string Password)> stations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stations);
        var publisher = new SimulationPublisher();
        try
        {
            foreach (var (station, password) in stations)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(host, port)
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithClientId("sim-" + station.Id)
                    .WithCredentials(station.Id, password)
                    .WithCleanStart(true)
                    .Build();
                var result = await client.ConnectAsync(options, cancellationToken);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    client.Dispose();
                    throw new InvalidOperationException($"{station.Id}: broker refused the connection ({result.ResultCode})");
                }

                publisher._clients[station.Id] = (station, client);
            }
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }

        return publisher;
    }

    /// <summary>Publishes one reading; returns false when the broker did not accept it.</summary>
    public async Task<bool> PublishAsync(string stationId, DateTimeOffset at, double value, CancellationToken cancellationToken = default)
    {
        var (station, client) = _clients[stationId];
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(SenmlWriter.Topic(station))
            .WithPayload(SenmlWriter.Payload(station, at, value))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        return result.IsSuccess;
    }

    /// <summary>Publishes several readings of one station as one SenML pack; returns false when the broker did not accept it.</summary>
    public async Task<bool> PublishPackAsync(string stationId, IReadOnlyList<(DateTimeOffset At, double Value)> readings,
        CancellationToken cancellationToken = default)
    {
        var (station, client) = _clients[stationId];
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(SenmlWriter.Topic(station))
            .WithPayload(SenmlWriter.Pack(station, readings))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        return result.IsSuccess;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, client) in _clients.Values)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }

        _clients.Clear();
    }
}
