using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Jma;

/// <summary>
/// JMA 防災情報XML settings, section <c>Minato:Jma</c>: the Atom PULL feeds (off unless <see cref="PollFeeds"/>), the
/// codes that name Minato in JMA's messages, the designated rivers of concern and how drills are shown.
/// </summary>
public sealed class JmaOptions : IOptionsSection
{
    public static string Section => "Minato:Jma";

    /// <summary>Poll JMA's Atom feeds. Off by default (the demo and the tests feed messages themselves).</summary>
    public bool PollFeeds { get; set; }

    /// <summary>Where the feeds live; <c>{feed}.xml</c> is appended (JMA: <c>https://www.data.jma.go.jp/developer/xml/feed/</c>).</summary>
    [Required]
    [Url]
    public string FeedBaseUrl { get; set; } = "https://www.data.jma.go.jp/developer/xml/feed/";

    /// <summary>The short feeds polled every <see cref="PollInterval"/>; each also has a long <c>_l</c> version read once at
    /// start-up.</summary>
    /// <remarks>Empty = <see cref="DefaultFeeds"/> (the configuration binder appends a configured array to a non-empty
    /// default instead of replacing it).</remarks>
    public string[] Feeds { get; set; } = [];

    public static IReadOnlyList<string> DefaultFeeds { get; } = ["regular", "extra", "eqvol", "other"];

    /// <summary>The feeds polled: <see cref="Feeds"/>, or <see cref="DefaultFeeds"/> when none is configured.</summary>
    public IReadOnlyList<string> FeedNames => Feeds.Length > 0 ? Feeds : DefaultFeeds;

    /// <summary>Read the long <c>{feed}_l</c> feeds once at start-up to catch up.</summary>
    public bool LongFeedsAtStart { get; set; } = true;

    /// <summary>Between two polls of a short feed (JMA updates them about once a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait between polls while a feed is unreachable (the wait doubles from <see cref="PollInterval"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>One HTTP request to JMA may take this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted (bytes); a larger one is stored as rejected (JMA's largest are about 1 MB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Show 訓練 (drill) messages, marked as drills everywhere. 試験 (test) messages are never shown.</summary>
    public bool ShowDrills { get; set; }

    /// <summary>市町村等 code of Minato (気象・地震・火山情報／市町村等).</summary>
    [Required]
    [RegularExpression("^[0-9]{7}$")]
    public string CityCode { get; set; } = "1310300";

    /// <summary>一次細分区域 code of the region Minato lies in (東京地方).</summary>
    [Required]
    [RegularExpression("^[0-9]{6}$")]
    public string RegionCode { get; set; } = "130010";

    /// <summary>Earthquake intensity area (地震情報／細分区域) of Minato.</summary>
    [Required]
    public string IntensityArea { get; set; } = "東京都２３区";

    /// <summary>Tsunami forecast area (津波予報区) of Minato's coast.</summary>
    [Required]
    public string TsunamiArea { get; set; } = "東京湾内湾";

    /// <summary>Designated rivers (指定河川洪水予報) that concern Minato, by the river name JMA writes (compared exactly,
    /// e.g. 古川); HQ sets the rivers it watches.</summary>
    /// <remarks>Empty = <see cref="DefaultRivers"/>.</remarks>
    public string[] Rivers { get; set; } = [];

    public static IReadOnlyList<string> DefaultRivers { get; } = ["古川", "渋谷川", "目黒川"];

    /// <summary>The rivers of concern: <see cref="Rivers"/>, or <see cref="DefaultRivers"/> when none is configured.</summary>
    public IReadOnlyList<string> RiversOfConcern => Rivers.Length > 0 ? Rivers : DefaultRivers;

    /// <summary>How long a 記録的短時間大雨情報 (which has no end of its own) is shown after its report time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RecordRainShownFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A folder of DEMO messages the server plays as if JMA sent them (<c>./minato demo</c>: <c>data/demo/jma</c>);
    /// empty = off. See <see cref="JmaDemoPlayer"/>.</summary>
    public string? DemoFolder { get; set; }

    /// <summary>How much faster than real time the demo messages play (the typhoon scenario's 60×).</summary>
    [Range(0.01, 10_000)]
    public double DemoSpeed { get; set; } = 60;
}
