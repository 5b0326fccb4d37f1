namespace Minato.Disaster.Isolation;

/// <summary>
/// One live <c>isolation</c> entity (id <c>{hazard}:{district}</c>): the 町丁目 of <paramref name="District"/> from which no
/// walk avoiding blocked roads and <paramref name="Hazard"/>'s forbidden areas reaches an open suitable site. Published for
/// every hazard and district whenever the 町丁目 layer is loaded, with an empty <paramref name="Chome"/> when none is cut
/// off, so a versioned entity always exists and a late, older recompute from another node can never bring back a
/// cleared one. Serialised in snake_case, like <c>GET /api/routes/isolated</c>.
/// </summary>
/// <param name="Hazard">flood | inland_flood | storm_surge | tsunami | landslide | earthquake | fire.</param>
/// <param name="District">shiba | azabu | akasaka | takanawa | shibaura-konan.</param>
/// <param name="Version">Sum of the input layers' versions (roads, hazard areas, facilities, 町丁目, shelter state) read
/// before the computation: orders results of several nodes.</param>
/// <param name="Residents">Census residents of the isolated 町丁目 together.</param>
/// <param name="Households">Census households of the isolated 町丁目 together.</param>
/// <param name="Chome">The isolated 町丁目, by key code.</param>
public sealed record IsolationView(
    string Hazard, string District, long Version, int Residents, int Households, IReadOnlyList<IsolationChome> Chome);
