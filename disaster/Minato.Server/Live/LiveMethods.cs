namespace Minato.Server.Live;

/// <summary>Names of the client methods the situation hub calls (the wire contract of <c>/hubs/situation</c>).</summary>
public static class LiveMethods
{
    /// <summary><c>Snapshot(SituationSnapshot)</c>: the whole scope; deltas follow from <c>Seq + 1</c>.</summary>
    public const string Snapshot = "Snapshot";

    /// <summary><c>Delta(SituationDelta)</c>: the next changes of a scope.</summary>
    public const string Delta = "Delta";

    /// <summary><c>ResyncRequired(string scope)</c>: the client fell too far behind; call <c>Resync(scope, lastSeq)</c>.</summary>
    public const string ResyncRequired = "ResyncRequired";
}
