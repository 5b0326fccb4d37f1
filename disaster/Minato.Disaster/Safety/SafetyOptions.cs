using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Safety;

/// <summary>安否 (safety) inquiries, section <c>Minato:Safety</c>.</summary>
public sealed class SafetyOptions : IOptionsSection
{
    public static string Section => "Minato:Safety";

    /// <summary>Searches one user (role and subject) may make per minute; more answer 429 until the minute has passed.</summary>
    [Range(1, 10_000)]
    public int SearchesPerMinute { get; set; } = 20;

    /// <summary>Most people one search answers.</summary>
    [Range(1, 200)]
    public int MaxResults { get; set; } = 20;
}
