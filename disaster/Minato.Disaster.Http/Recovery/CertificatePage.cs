using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Minato.Disaster.Recovery.Certificates;
using Minato.Disaster.Recovery.Surveys;

namespace Minato.Disaster.Http.Recovery;

/// <summary>
/// The printable damage certificate (罹災証明書): one A4 page in Japanese with the number, the issue date in the
/// Japanese era, the household head and applicant, the address of the dwelling, the disaster, the grade ticked among
/// all six, and the issuer line 港区長. A superseded certificate is stamped void with the number that replaces it.
/// </summary>
internal static class CertificatePage
{
    // Japanese text stays readable in the source of the page; only HTML-special characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(Certificate c)
    {
        var grades = new StringBuilder();
        foreach (var grade in DamageGrades.All.Reverse())
        {
            var selected = grade == c.GradeValue;
            grades.Append(selected ? "<li class=\"grade selected\">☑ " : "<li class=\"grade\">☐ ")
                .Append(E(grade.Label().Ja)).Append("</li>");
        }

        var superseded = c.Status == "superseded"
            ? $"<p class=\"void\">この証明書は無効です（{E(c.SupersededBy)} により再交付済み）/ VOID: superseded by {E(c.SupersededBy)}</p>"
            : string.Empty;
        var round = c.SurveyRound == 2 ? "第2次調査" : "第1次調査";
        var reason = c.Reason is null ? string.Empty : $"<tr><th>再交付の理由</th><td>{E(c.Reason)}</td></tr>";
        return $$"""
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <title>罹災証明書 {{E(c.Number)}}</title>
            <style>
              @page { size: A4; margin: 20mm; }
              body { font-family: "Noto Serif CJK JP", "Noto Sans CJK JP", "Hiragino Mincho ProN", serif; color: #000; max-width: 170mm;
                margin: 0 auto; }
              h1 { text-align: center; letter-spacing: 0.5em; font-size: 24pt; margin: 8mm 0; }
              .meta { text-align: right; line-height: 1.8; }
              table { width: 100%; border-collapse: collapse; margin: 6mm 0; }
              th, td { border: 1px solid #000; padding: 3mm; text-align: left; vertical-align: top; }
              th { width: 35%; background: #f2f2f2; font-weight: normal; }
              ul.grades { list-style: none; padding: 0; margin: 0; columns: 2; }
              li.grade.selected { font-weight: bold; }
              .statement { margin: 10mm 0 6mm; }
              .issuer { text-align: right; font-size: 14pt; margin-top: 10mm; }
              .void { border: 3px solid #c00; color: #c00; padding: 3mm; text-align: center; font-weight: bold; }
              @media print { .void { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
            </style>
            </head>
            <body>
            {{superseded}}
            <h1>罹災証明書</h1>
            <div class="meta">
              <div>交付番号 <span class="number">{{E(c.Number)}}</span>（第{{c.Version}}版）</div>
              <div>交付日 <span class="date">{{E(c.IssuedOnJa)}}</span></div>
            </div>
            <table>
              <tr><th>世帯主氏名</th><td class="head">{{E(c.HouseholdHead)}}</td></tr>
              <tr><th>申請者氏名</th><td>{{E(c.ApplicantName)}}</td></tr>
              <tr><th>罹災した住家の所在地</th><td class="address">{{E(c.Address)}}</td></tr>
              <tr><th>災害名</th><td>{{E(c.DisasterName)}}</td></tr>
              <tr><th>住家の被害の程度</th><td><ul class="grades">{{grades}}</ul>
                <div class="basis">（{{round}}による認定）</div></td></tr>
              {{reason}}
            </table>
            <p class="statement">上記のとおり相違ないことを証明します。</p>
            <div class="issuer">{{E(c.IssuedOnJa)}}<br>港区長　　　　　　　　印</div>
            </body>
            </html>
            """;
    }

    private static string E(string? text) => Html.Encode(text ?? string.Empty);
}
