namespace Minato.Disaster.Shelters;

/// <summary>A supply line as sent by a client (validated by <see cref="ShelterStatusUpdate.Validate"/>).</summary>
public sealed record SupplyNeedInput(string? Item, decimal? Quantity, string? Unit);
