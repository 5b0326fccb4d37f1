using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Minato.Disaster.Situation;
using Minato.Server.Live;

namespace Minato.Live.Tests.Hub;

public sealed class SharedHubMessagesTests
{
    private static SituationDelta Delta(long seq) =>
        new("hq", "stream-1", seq, [new EntityChange(SituationKinds.Station, "R-1", $"{{\"v\":{seq}}}")]);

    [Fact]
    public void Delta_SameDeltaForManyConnections_OneMessageSerialisedOncePerProtocol()
    {
        var delta = Delta(1);
        var protocol = new CountingProtocol(new JsonHubProtocol());

        var messages = Enumerable.Range(0, 100).Select(_ => SharedHubMessages.Delta(delta)).ToList();
        var bytes = messages.Select(m => m.GetSerializedMessage(protocol)).ToList();

        Assert.All(messages, m => Assert.Same(messages[0], m));
        Assert.Equal(1, protocol.Serialised);
        var invocation = Assert.IsType<InvocationMessage>(messages[0].Message);
        Assert.Equal("Delta", invocation.Target);
        Assert.Same(delta, Assert.Single(invocation.Arguments));
        Assert.All(bytes, b => Assert.True(b.Span.SequenceEqual(bytes[0].Span)));
    }

    [Fact]
    public void Delta_EqualButAnotherDeltaObject_AnotherMessage()
    {
        Assert.NotSame(SharedHubMessages.Delta(Delta(1)), SharedHubMessages.Delta(Delta(1)));
    }

    [Fact]
    public void ResyncRequired_SameScopeName_OneMessage()
    {
        var scope = SituationScope.ForDistrict("shiba").ToString();

        var message = SharedHubMessages.ResyncRequired(scope);

        Assert.Same(message, SharedHubMessages.ResyncRequired(scope));
        Assert.Equal("ResyncRequired", Assert.IsType<InvocationMessage>(message.Message).Target);
    }

    /// <summary>A protocol that counts the messages it serialises.</summary>
    private sealed class CountingProtocol(IHubProtocol inner) : IHubProtocol
    {
        private int _serialised;

        public int Serialised => Volatile.Read(ref _serialised);

        public string Name => inner.Name;

        public int Version => inner.Version;

        public TransferFormat TransferFormat => inner.TransferFormat;

        public bool TryParseMessage(
            ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
        {
            Interlocked.Increment(ref _serialised);
            inner.WriteMessage(message, output);
        }

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
        {
            Interlocked.Increment(ref _serialised);
            return inner.GetMessageBytes(message);
        }

        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
    }
}
