using Minato.Disaster.CheckIn;

namespace Minato.Disaster.Http.CheckIn;

/// <summary>The body of <c>POST /api/public/evacuees/card</c>: the holder's token (in the body, so it stays out of URLs and
/// logs).</summary>
public sealed record CardRequest(string? Token)
{
    public Dictionary<string, string[]> Validate() => EvacueeToken.Parse(Token) is null
        ? new(StringComparer.Ordinal) { ["token"] = ["not a registration token / 登録コードではありません"] }
        : new(StringComparer.Ordinal);
}
