using System.Text;
using MimeKit;

namespace Minato.Disaster.CallUp;

/// <summary>
/// The call-up e-mail (and its reminder), in Japanese and English: the level, the reason, and the person's own answer
/// link — one link whose page offers 参集可能 (with minutes to arrive) and 参集不可. Pure.
/// </summary>
public static class CallUpMail
{
    /// <summary>The header naming the call-up (for filters and tests).</summary>
    public const string Header = "X-Minato-CallUp";

    public static MimeMessage Compose(string kind, string level, string reason, string to, string from, string answerUrl,
        DateTimeOffset? expires)
    {
        var reminder = kind == "reminder";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"[港区] {(reminder ? "【再送・未回答】" : "")}職員参集 {CallUpLevels.NameJa(level)} / " +
            $"{(reminder ? "[Reminder] " : "")}Staff call-up: {CallUpLevels.NameEn(level)}";
        var body = new StringBuilder()
            .AppendLine(reminder ? "参集の回答がまだありません。次のリンクから回答してください。" : "職員参集の指令です。次のリンクから参集の可否を回答してください。")
            .AppendLine()
            .AppendLine($"配備体制: {CallUpLevels.NameJa(level)}")
            .AppendLine($"理由: {reason}")
            .AppendLine()
            .AppendLine("回答 (参集可能・到着までの時間 / 参集不可):")
            .AppendLine(answerUrl)
            .AppendLine()
            .AppendLine(reminder ? "You have not answered the staff call-up yet. Please answer through this link."
                : "Staff call-up: please answer whether you can report, through this link.")
            .AppendLine($"Level: {CallUpLevels.NameEn(level)}")
            .AppendLine($"Answer (available, with minutes to arrive / unavailable): {answerUrl}")
            .AppendLine()
            .AppendLine("-- ")
            .AppendLine("このリンクはあなた専用です。転送しないでください。/ This link is yours alone: do not forward it.");
        if (expires is { } e)
        {
            body.AppendLine($"有効期限 / Valid until: {e.ToOffset(TimeSpan.FromHours(9)):yyyy-MM-dd HH:mm} JST");
        }

        message.Headers.Add(Header, kind);
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
