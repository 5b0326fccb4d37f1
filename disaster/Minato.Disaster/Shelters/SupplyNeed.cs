namespace Minato.Disaster.Shelters;

/// <summary>A supply a centre needs: item (free text, e.g. <c>water</c>), quantity (&gt; 0) and unit (see <see
/// cref="ShelterLimits.Units"/>).</summary>
public sealed record SupplyNeed(string Item, decimal Quantity, string Unit);
