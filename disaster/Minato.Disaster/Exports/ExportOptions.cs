using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Exports;

/// <summary>The national exports (<c>Minato:Exports</c>): who may fetch them and where the scheduled copies go.</summary>
public sealed class ExportOptions : IOptionsSection
{
    public static string Section => "Minato:Exports";

    /// <summary>The role besides hq that may fetch the exports (e.g. a dedicated <c>export</c> client); null = hq only.</summary>
    public string? Role { get; set; }

    /// <summary>The folder the scheduled exports are written to (eei.json, eei.csv, evacuation_sites.csv); null = no schedule.</summary>
    public string? Directory { get; set; }

    /// <summary>Minutes between scheduled exports.</summary>
    [Range(1, 24 * 60)]
    public int IntervalMinutes { get; set; } = 10;

    /// <summary>全国地方公共団体コード (6 digits with the check digit): 港区 = 131032.</summary>
    [RegularExpression("^[0-9]{6}$")]
    public string MunicipalityCode { get; set; } = "131032";

    /// <summary>地方公共団体名.</summary>
    [Required]
    public string MunicipalityName { get; set; } = "東京都港区";

    /// <summary>
    /// <see cref="MunicipalityName"/> split after its prefecture (東京都 / 北海道 / …府 / …県): ("東京都", "港区").
    /// </summary>
    public (string Prefecture, string City) PrefectureAndCity
    {
        get
        {
            var name = MunicipalityName;
            var end = name.StartsWith("北海道", StringComparison.Ordinal) ? 3 : name.IndexOfAny(['都', '府', '県']) + 1;
            return end <= 0 ? ("", name) : (name[..end], name[end..]);
        }
    }
}
