namespace Minato.Disaster.Tasks;

/// <summary>A centre's request that a district HQ forwarded to HQ: which district, who, when.</summary>
public sealed record TaskForwarding(string From, string By, DateTimeOffset At);
