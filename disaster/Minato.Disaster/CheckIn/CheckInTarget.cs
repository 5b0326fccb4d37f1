namespace Minato.Disaster.CheckIn;

/// <summary>
/// The body of a check-in or check-out: the scanned or typed code (<see cref="Code"/>, the QR text or the bare token), or —
/// for a check-out from the roster — the household's <see cref="EvacueeId"/>. Exactly one of them.
/// </summary>
public sealed record CheckInTarget(string? Code, long? EvacueeId)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if ((Code is null) == (EvacueeId is null))
        {
            errors["code"] = ["give either code (the scanned QR) or evacueeId / QRコードまたは登録番号を指定してください"];
        }
        else if (Code is not null && EvacueeToken.Parse(Code) is null)
        {
            errors["code"] = ["this is not a Minato registration code / 港区の避難者登録コードではありません"];
        }
        else if (EvacueeId is <= 0)
        {
            errors["evacueeId"] = ["evacueeId must be positive"];
        }

        return errors;
    }
}
