using System.Globalization;
using System.Net;
using System.Text;
using Minato.Disaster.CallUp;

namespace Minato.Disaster.Http.CallUp;

/// <summary>
/// The page an answer link opens (a phone's browser, no login, Japanese and English): the call-up, the answer given so
/// far, and buttons — 参集可能 with the minutes to arrive, or 参集不可. Opening it changes nothing; a button posts the
/// answer. A link that is unknown answers 404, one that expired or whose call-up ended 410, a bad answer 400 — each as
/// a page saying so, or as problem details (RFC 9457) to a client that asks for JSON. No script: the page's policy
/// (<c>script-src 'self'</c>) needs none.
/// </summary>
internal static class AnswerPage
{
    /// <summary>The minutes offered as buttons.</summary>
    public static IReadOnlyList<int> MinuteChoices { get; } = [15, 30, 60, 90, 120, 180];

    public static async Task<IResult> ShowAsync(string token, HttpContext context, CallUpService callUps,
        CancellationToken cancellationToken)
    {
        var link = await callUps.LookupAsync(token, cancellationToken);
        return link.Status == AnswerLinkStatus.Open ? Page(StatusCodes.Status200OK, Form(link, null)) : Refusal(context, link.Status);
    }

    public static async Task<IResult> AnswerAsync(string token, HttpContext context, CallUpService callUps,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return Wants(context, "json") ? OpsProblems.UnsupportedMediaType("send the answer as a form (answer=available&minutes=30)")
                : Page(StatusCodes.Status415UnsupportedMediaType, Message("送信形式が正しくありません。", "The answer could not be read."));
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var answer = form["answer"].ToString();
        int? minutes = int.TryParse(form["minutes"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
        var link = await callUps.AnswerAsync(token, answer, minutes, cancellationToken);
        if (link is null)
        {
            return Wants(context, "json")
                ? OpsProblems.BadRequest("answer", "answer=available with minutes 0–1440, or answer=unavailable without minutes")
                : Page(StatusCodes.Status400BadRequest, Message("回答を選んでください。", "Please choose an answer."));
        }

        if (link.Status != AnswerLinkStatus.Open)
        {
            return Refusal(context, link.Status);
        }

        return Page(StatusCodes.Status200OK, Message("回答を受け付けました。", "Your answer has been recorded.") + Form(link, answer));
    }

    private static IResult Refusal(HttpContext context, AnswerLinkStatus status)
    {
        var (code, ja, en) = status switch
        {
            AnswerLinkStatus.Expired => (StatusCodes.Status410Gone, "このリンクは有効期限が切れています。", "This link has expired."),
            AnswerLinkStatus.Ended => (StatusCodes.Status410Gone, "この参集は終了しました。回答は不要です。", "This call-up has ended: no answer is needed."),
            _ => (StatusCodes.Status404NotFound, "このリンクは無効です。メールのリンクをそのまま開いてください。",
                "This link is not valid. Open the link in your e-mail as it is."),
        };
        return Wants(context, "json")
            ? TypedResults.Problem(statusCode: code, title: code == 404 ? "Not found / 見つかりません" : "Gone / 終了しました", detail: $"{ja} {en}")
            : Page(code, Message(ja, en));
    }

    private static bool Wants(HttpContext context, string kind) =>
        context.Request.Headers.Accept.ToString().Contains(kind, StringComparison.OrdinalIgnoreCase);

    private static string Form(AnswerLink link, string? justGiven)
    {
        var level = link.Level is null ? "" : $"{CallUpLevels.NameJa(link.Level)} / {CallUpLevels.NameEn(link.Level)}";
        var current = (link.Answer ?? justGiven) switch
        {
            "available" => $"参集可能（{link.Minutes} 分で到着）/ Available, arriving in {link.Minutes} min",
            "unavailable" => "参集不可 / Unavailable",
            _ => "未回答 / Not answered yet",
        };
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p class=\"level\"><strong>{E(level)}</strong><br>{E(link.Reason ?? "")}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p id=\"current\" data-answer=\"{E(link.Answer ?? "")}\">")
            .Append(CultureInfo.InvariantCulture, $"現在の回答 / Your answer: {E(current)}</p>")
            .Append("<h2>参集可能 / I can report</h2><p>到着までの時間 / Time to arrive:</p>")
            .Append("<form method=\"post\"><input type=\"hidden\" name=\"answer\" value=\"available\"><div class=\"grid\">");
        foreach (var minutes in MinuteChoices)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<button type=\"submit\" name=\"minutes\" value=\"{minutes}\" class=\"ok\">{minutes} 分 / min</button>");
        }

        return html.Append("</div></form>")
            .Append("<h2>参集不可 / I cannot report</h2><form method=\"post\"><input type=\"hidden\" name=\"answer\" value=\"unavailable\">")
            .Append("<button type=\"submit\" class=\"no\">参集不可 / Unavailable</button></form>")
            .Append("<p class=\"hint\">回答は参集が終わるまで変更できます。/ You can change your answer until the call-up ends.</p>")
            .ToString();
    }

    private static string Message(string ja, string en) => $"<p class=\"message\" role=\"status\">{E(ja)}<br>{E(en)}</p>";

    private static ContentHttpResult Page(int status, string body) => TypedResults.Content(
        $$"""
        <!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>職員参集 / Staff call-up</title>
        <style>body{font-family:sans-serif;max-width:30rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
        button{font-size:1.1rem;padding:.8rem;width:100%;margin:.2rem 0;border-radius:.4rem;border:1px solid #555}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:.4rem}.ok{background:#e6f4ea}.no{background:#fce8e6}
        .message{background:#eef;padding:.6rem;border-radius:.4rem}.hint{color:#555;font-size:.9rem}</style></head>
        <body><h1>港区 職員参集 / Minato City staff call-up</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
