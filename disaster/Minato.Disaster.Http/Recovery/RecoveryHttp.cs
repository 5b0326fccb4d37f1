namespace Minato.Disaster.Http.Recovery;

/// <summary>Paging shared by the survey, certificate and ledger lists.</summary>
internal static class RecoveryHttp
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Checks paging parameters (limit 1–500, offset ≥ 0) into <paramref name="errors"/>.</summary>
    public static (int Limit, int Offset) Paging(int? limit, int? offset, Dictionary<string, string[]> errors)
    {
        if (limit is not null and (< 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit is 1–{MaxLimit}"];
        }

        if (offset is < 0)
        {
            errors["offset"] = ["offset is 0 or more"];
        }

        return (limit ?? DefaultLimit, offset ?? 0);
    }
}
