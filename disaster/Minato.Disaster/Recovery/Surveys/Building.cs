using Minato.Disaster.Geo;
namespace Minato.Disaster.Recovery.Surveys;

/// <summary>A surveyed building. <see cref="District"/> is the district HQ area at its point (null outside every one).</summary>
public sealed record Building(
    long Id, string Address, PointGeometry Location, string Structure, int Floors, string Use, string? District,
    DateTimeOffset CreatedAt, string CreatedBy);
