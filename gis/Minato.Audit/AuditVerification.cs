namespace Minato.Audit;

/// <summary>
/// The result of checking the audit chain: how many rows, the head (sequence and hash, to anchor elsewhere), and the
/// problems found — each names the sequence number and what is wrong. Intact when there are none.
/// </summary>
public sealed record AuditVerification(long Rows, long HeadSeq, string HeadHash, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}
