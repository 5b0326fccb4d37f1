using MimeKit;

namespace Minato.Disaster.Notifications;

/// <summary>The double opt-in e-mail: a link that confirms a self-registration, in the registrant's language. Pure.</summary>
public static class ConfirmationMail
{
    private static readonly Dictionary<string, (string Subject, string Body)> Texts = new(StringComparer.Ordinal)
    {
        ["ja"] = ("[港区] 防災情報メールの登録確認", "港区防災情報メールへの登録を完了するには、48時間以内に次のリンクを開いてください。\n心当たりがない場合は、このメールを破棄してください。"),
        ["en"] = ("[Minato City] Confirm your alert e-mail subscription", "To complete your subscription to Minato City disaster alerts, " +
            "open this link within 48 hours.\nIf you did not ask for this, ignore this e-mail."),
        ["zh"] = ("[港区] 防灾信息邮件订阅确认", "要完成港区防灾信息邮件的订阅，请在48小时内打开以下链接。\n如果您没有申请，请忽略此邮件。"),
        ["ko"] = ("[미나토구] 방재 정보 메일 등록 확인", "미나토구 방재 정보 메일 등록을 완료하려면 48시간 이내에 다음 링크를 여십시오.\n신청하지 않으셨다면 이 메일을 무시하십시오."),
        ["ja-easy"] = ("[みなとく] ぼうさい メールの とうろく", "とうろくを おわらせる ために、48じかんの うちに つぎの リンクを ひらいて ください。\nしらない ときは、この メールを すてて ください。"),
    };

    public static MimeMessage Compose(string to, string language, string from, string confirmUrl)
    {
        var (subject, body) = Texts.TryGetValue(language, out var t) ? t : Texts["ja"];
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body + "\n\n" + confirmUrl + "\n" };
        return message;
    }
}
