using System.Text.Json;
using Minato.Disaster.Notifications;
using Minato.Disaster.PublicAlerts;
using MimeKit;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The e-mail text of an alert per subscriber language, with the fallback to Japanese.</summary>
public sealed class AlertMailComposeTests
{
    private static PublicAlert Alert(string msgType = "Alert", string status = "Actual", bool withKorean = false)
    {
        var headline = new Dictionary<string,
            string>(StringComparer.Ordinal) { ["ja"] = "芝地区に避難指示", ["en"] = "Evacuation order for Shiba" };
        if (withKorean)
        {
            headline["ko"] = "시바 지구에 피난지시";
        }

        var sent = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        return new PublicAlert(1, "13103-alert-1-v1", 1, msgType, status, true, msgType == "Cancel", 4, "evacuate",
            WarningLevel.Of(4)!.Event,
            JsonSerializer.SerializeToElement(new { districts = new[] { "shiba" } }), ["shiba"],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["ja"] = "港区 芝地区", ["en"] = "Minato City: Shiba" }, headline,
                headline, null,
            sent, null, sent, sent, null, "/alerts/cap/1.xml", JsonSerializer.SerializeToElement(new { type = "Polygon" }));
    }

    [Fact]
    public void Compose_KoreanSubscriberWithoutKoreanText_FallsBackToJapanese()
    {
        var mail = AlertMail.Compose(Alert(), "ko", "a@example.jp", "港区 <alerts@minato.example>", null);

        Assert.Equal("[港区] 警戒レベル4 避難指示: 芝地区に避難指示", mail.Subject);
        Assert.Equal("ja-JP", mail.Body!.Headers[HeaderId.ContentLanguage]);
    }

    [Fact]
    public void Compose_KoreanText_KoreanSubjectAndLabels()
    {
        var mail = AlertMail.Compose(Alert(withKorean: true), "ko", "a@example.jp", "港区 <alerts@minato.example>", null);

        Assert.Equal("[미나토구] 경계레벨4 피난지시: 시바 지구에 피난지시", mail.Subject);
        Assert.Equal("ko-KR", mail.Body!.Headers[HeaderId.ContentLanguage]);
    }

    [Theory]
    [InlineData("Alert", "Exercise", "[港区] 【訓練】警戒レベル4 避難指示: ")]
    [InlineData("Update", "Test", "[港区] 【テスト】【更新】警戒レベル4 避難指示: ")]
    [InlineData("Cancel", "Actual", "[港区] 【解除】警戒レベル4 避難指示: ")]
    public void Compose_StatusAndMessageType_MarkedInSubject(string msgType, string status, string prefix)
    {
        var mail = AlertMail.Compose(Alert(msgType, status), "ja", "a@example.jp", "港区 <alerts@minato.example>", null);

        Assert.StartsWith(prefix, mail.Subject, StringComparison.Ordinal);
        Assert.Equal(msgType == "Cancel", mail.TextBody!.Contains("この情報は解除されました。", StringComparison.Ordinal));
    }
}
