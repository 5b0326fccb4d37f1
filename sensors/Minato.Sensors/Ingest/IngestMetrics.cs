using System.Diagnostics.Metrics;

namespace Minato.Sensors.Ingest;

/// <summary>Counters of meter <c>Minato.Sensors</c> (System.Diagnostics.Metrics; export with OpenTelemetry or dotnet-counters).
/// Thread-safe.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "Minato.Sensors";
    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _batchMs;

    public IngestMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _messages = _meter.CreateCounter<long>("minato.sensors.messages", "{message}", "MQTT messages received");
        _stored = _meter.CreateCounter<long>("minato.sensors.readings.stored", "{reading}", "Readings committed to sensors.observations");
        _duplicates = _meter.CreateCounter<long>("minato.sensors.readings.duplicates", "{reading}",
            "Readings dropped as duplicates (station, time)");
        _deadLetters = _meter.CreateCounter<long>("minato.sensors.dead_letters", "{message}",
            "Messages written to sensors.dead_letters, by reason");
        _retries = _meter.CreateCounter<long>("minato.sensors.db.retries", "{retry}", "Batch writes retried after a database error");
        _batchMs = _meter.CreateHistogram<double>("minato.sensors.batch.duration", "ms", "Time to commit one batch");
    }

    public long DeadLetterTotal => Interlocked.Read(ref _deadLetterTotal);

    public long StoredTotal => Interlocked.Read(ref _storedTotal);

    private long _deadLetterTotal;
    private long _storedTotal;

    public void MessageReceived() => _messages.Add(1);

    public void DeadLettered(string reason)
    {
        Interlocked.Increment(ref _deadLetterTotal);
        _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Committed(WriteResult result, double milliseconds)
    {
        Interlocked.Add(ref _storedTotal, result.Inserted);
        _stored.Add(result.Inserted);
        _duplicates.Add(result.Duplicates);
        _batchMs.Record(milliseconds);
    }

    public void Retried() => _retries.Add(1);

    public void Dispose() => _meter.Dispose();
}
