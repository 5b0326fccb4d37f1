using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Idempotency;

/// <summary>Idempotency store settings, section <c>Minato:Idempotency</c>.</summary>
public sealed class IdempotencyOptions : IOptionsSection
{
    public static string Section => "Minato:Idempotency";

    /// <summary>
    /// How long a key's first result is kept and replayed (hours). A field device may queue a report offline for a long
    /// time, so the default is a week; after that the key may be used again.
    /// </summary>
    [Range(1, 24 * 365)]
    public int RetentionHours { get; set; } = 24 * 7;
}
