using System.Text;
using Minato.Disaster.PublicAlerts;
using MimeKit;

namespace Minato.Disaster.Notifications;

/// <summary>
/// Writes the e-mail of one alert message in one language (falling back to Japanese, then English, for texts not given
/// in it): subject "[sender] level/evacuation: headline", marked 【訓練】/【テスト】 for Exercise/Test, 【更新】 for an
/// Update and 【解除】 for a Cancel; a plain-text body with description, instruction, area, times and the CAP link. Pure.
/// </summary>
public static class AlertMail
{
    private sealed record Labels(string Sender, string Update, string Cancel, string Exercise, string Test, string Area, string Sent,
        string Expires, string Cap,
        string Cancelled, string Footer);

    private static readonly Dictionary<string, Labels> LabelsByLanguage = new(StringComparer.Ordinal)
    {
        ["ja"] = new("港区", "【更新】", "【解除】", "【訓練】", "【テスト】", "対象地域", "発表", "有効期限", "CAP",
            "この情報は解除されました。", "このメールは港区防災情報の配信登録に基づいて送信しています。"),
        ["en"] = new("Minato City", "[Update] ", "[Cancelled] ", "[EXERCISE] ", "[TEST] ", "Area", "Issued", "Expires", "CAP",
            "This alert has been cancelled.", "You receive this e-mail because you subscribed to Minato City disaster alerts."),
        ["zh"] = new("港区", "【更新】", "【解除】", "【演习】", "【测试】", "对象地区", "发布", "有效期限", "CAP",
            "此信息已解除。", "您订阅了港区防灾信息，因此收到此邮件。"),
        ["ko"] = new("미나토구", "[갱신] ", "[해제] ", "[훈련] ", "[테스트] ", "대상 지역", "발표", "유효 기한", "CAP",
            "이 정보는 해제되었습니다.", "미나토구 방재 정보 수신 등록에 따라 발송된 메일입니다."),
        ["ja-easy"] = new("みなとく", "【あたらしい おしらせ】", "【おわり】", "【くんれん】", "【テスト】", "ばしょ", "だした じかん", "おわる じかん", "CAP",
            "この おしらせは おわりました。", "みなとくの ぼうさい メールに とうろく した ひとに おくって います。"),
    };

    /// <summary>The unsubscribe line's label per language.</summary>
    private static readonly Dictionary<string, string> UnsubscribeLabels = new(StringComparer.Ordinal)
    {
        ["ja"] = "配信停止", ["en"] = "Unsubscribe", ["zh"] = "退订", ["ko"] = "수신 거부", ["ja-easy"] = "メールを とめる",
    };

    /// <summary>
    /// The e-mail of <paramref name="alert"/> in <paramref name="language"/>. With <paramref name="unsubscribeUrl"/>, the body
    /// ends with the link and the message carries <c>List-Unsubscribe</c> and one-click <c>List-Unsubscribe-Post</c>
    /// (RFC 2369, RFC 8058), so mail programs offer their own unsubscribe button.
    /// </summary>
    public static MimeMessage Compose(PublicAlert alert, string language, string to, string from, string? capUrl,
        string? unsubscribeUrl = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var lang = AlertLanguages.Resolve(alert.Headline, language);
        var l = LabelsByLanguage[lang];
        var cancel = alert.MsgType == "Cancel";
        var status = alert.Status switch { "Exercise" => l.Exercise, "Test" => l.Test, _ => "" };
        var kind = cancel ? l.Cancel : alert.MsgType == "Update" ? l.Update : "";
        var headline = AlertLanguages.Pick(alert.Headline, lang);
        var eventText = AlertLanguages.Pick(alert.Event, lang);

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"[{l.Sender}] {status}{kind}{eventText}: {headline}";
        message.Headers.Add("X-Minato-Alert", alert.Identifier);

        var body = new StringBuilder();
        if (cancel)
        {
            body.AppendLine(l.Cancelled).AppendLine();
        }

        body.AppendLine(status + eventText).AppendLine(headline).AppendLine()
            .AppendLine(AlertLanguages.Pick(alert.Description, lang)).AppendLine();
        if (alert.Instruction is not null && !cancel)
        {
            body.AppendLine(AlertLanguages.Pick(alert.Instruction, lang)).AppendLine();
        }

        body.AppendLine($"{l.Area}: {AlertLanguages.Pick(alert.AreaDescription, lang)}");
        body.AppendLine($"{l.Sent}: {CapDocument.Time(alert.Sent)}");
        if (alert.Expires is { } expires && !cancel)
        {
            body.AppendLine($"{l.Expires}: {CapDocument.Time(expires)}");
        }

        if (capUrl is not null)
        {
            body.AppendLine($"{l.Cap}: {capUrl}");
        }

        body.AppendLine().AppendLine("-- ").AppendLine(l.Footer);
        if (unsubscribeUrl is not null)
        {
            body.AppendLine($"{UnsubscribeLabels.GetValueOrDefault(lang, "Unsubscribe")}: {unsubscribeUrl}");
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var part = new TextPart("plain") { Text = body.ToString() };
        part.Headers.Add(HeaderId.ContentLanguage, AlertLanguages.CapTag(lang));
        message.Body = part;
        return message;
    }
}
