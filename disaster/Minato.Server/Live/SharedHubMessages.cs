using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>
/// The hub message of a payload that goes to many connections — a delta to every subscriber of its scope, a snapshot to
/// every subscriber that starts before the scope changes again, a resync notice — as one <see cref="SerializedHubMessage"/>
/// per payload object, so it is serialised at most once per protocol (JSON, MessagePack) however many connections write
/// it: SignalR's <see cref="SerializedHubMessage"/> caches its bytes per protocol. Thread-safe.
/// </summary>
internal static class SharedHubMessages
{
    // Keyed by the payload object (by reference), and held weakly: a scope's history keeps its deltas for Resync, but
    // their bytes need to live only while some connection still holds the message (its queue, its stateful-reconnect
    // buffer). A message collected meanwhile is simply made again.
    private static readonly ConditionalWeakTable<object, WeakReference<SerializedHubMessage>> Messages = new();

    public static SerializedHubMessage Delta(SituationDelta delta) => Get(LiveMethods.Delta, delta);

    public static SerializedHubMessage Snapshot(SituationSnapshot snapshot) => Get(LiveMethods.Snapshot, snapshot);

    /// <param name="scope">The scope's name; shared when every caller passes the same string instance (the state's).</param>
    public static SerializedHubMessage ResyncRequired(string scope) => Get(LiveMethods.ResyncRequired, scope);

    // Each payload type above goes out under one method only, so the payload alone is the key.
    private static SerializedHubMessage Get(string method, object payload)
    {
        var slot = Messages.GetValue(payload, static _ => new WeakReference<SerializedHubMessage>(null!));
        lock (slot)
        {
            if (!slot.TryGetTarget(out var message))
            {
                message = new SerializedHubMessage(new InvocationMessage(method, [payload]));
                slot.SetTarget(message);
            }

            return message;
        }
    }
}
