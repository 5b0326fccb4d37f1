// The public map's 「ここへの経路 / Route there」: GET /api/routes/evacuation drawn as a line, explained in the panel.
import type { Dict } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import type { maplibregl } from "./map";

interface RouteSite { id: string; kind: string; name: string; address: string | null; suits_hazard?: boolean }
interface RouteProps {
  role: "route" | "alternative" | "destination";
  rank: number;
  length_m?: number;
  walking_time_s?: number;
  walking_time_min?: number;
  hazard_areas?: { id: string; kind: string; rank: number; rank_label: string }[];
  steps?: { road_id: string; name: string | null; length_m: number }[];
  destination?: RouteSite | null;
  site?: RouteSite;
  warnings?: { code: string; ja: string; en: string }[];
}
type RouteAnswer = GeoJSON.FeatureCollection<GeoJSON.Geometry, RouteProps>;

/** Hazard-report kinds → routing hazards (liquefaction is judged as an earthquake). */
export function routeHazard(kind: string): string {
  return kind === "liquefaction" ? "earthquake" : kind;
}

const SourceId = "evac-route";

/** Adds the route source and layers (best route solid, alternatives dashed) once the style is ready; returns a setter. */
export function routeLayer(map: maplibregl.Map): (features: GeoJSON.Feature[]) => void {
  let pending: GeoJSON.Feature[] = [];
  const add = (): void => {
    if (map.getSource(SourceId)) return;
    map.addSource(SourceId, { type: "geojson", data: { type: "FeatureCollection", features: pending } });
    map.addLayer({
      id: "evac-route-alternative", type: "line", source: SourceId, filter: ["==", ["get", "role"], "alternative"],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": "#5c6bc0", "line-width": 4, "line-opacity": 0.7, "line-dasharray": [1.5, 1.5] },
    });
    map.addLayer({
      id: "evac-route-line", type: "line", source: SourceId, filter: ["==", ["get", "role"], "route"],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": "#0d47a1", "line-width": 6, "line-opacity": 0.9 },
    });
  };
  if (map.isStyleLoaded()) add(); else map.once("load", add);
  return (features) => {
    pending = features;
    (map.getSource(SourceId) as maplibregl.GeoJSONSource | undefined)?.setData({ type: "FeatureCollection", features });
  };
}

/**
 * Asks for the evacuation route from (lon, lat) for a hazard and mode — to the nearest suitable site, or to
 * <paramref name="site"/> (a facility id) when given — draws it and fills <paramref name="box"/> with its length, walking
 * time, hazard areas crossed, steps and warnings; a 4xx shows its reason.
 */
export async function showEvacuationRoute(map: maplibregl.Map, draw: (f: GeoJSON.Feature[]) => void, box: HTMLElement, t: Dict,
  from: { lon: number; lat: number }, hazard: string, mode: "walk" | "wheelchair", site?: number): Promise<void> {
  box.replaceChildren(el("p", { class: "hint", text: t.loading }));
  const url = `/api/routes/evacuation?from=${from.lon.toFixed(6)},${from.lat.toFixed(6)}&hazard=${encodeURIComponent(hazard)}&mode=${mode}`
    + (site === undefined ? "" : `&site=${site}`);
  const r = await getJson<RouteAnswer>(url);
  const kind = t.hazardKinds[hazard] ?? hazard;
  const title = el("h2", { text: `${t.routeTitle}（${kind}${mode === "wheelchair" ? ` · ${t.routeWheelchair}` : ""}）` });
  if (!r.ok) {
    draw([]);
    box.replaceChildren(title, el("p", { class: "error", id: "route-error",
      text: r.status === 422 || r.status === 404 ? `${t.routeNone}: ${r.detail}` : `${t.errorPrefix} ${r.status}: ${r.detail}` }));
    return;
  }
  const lines = r.value.features.filter((f) => f.geometry.type === "LineString");
  draw(lines);
  const best = lines.find((f) => f.properties.role === "route");
  if (!best) { box.replaceChildren(title, el("p", { class: "error", id: "route-error", text: t.routeNone })); return; }
  const p = best.properties;
  const items: Node[] = [title,
    el("p", { id: "route-destination" }, el("strong", { text: p.destination?.name ?? "" })),
    el("p", { id: "route-summary", text:
      `${t.routeLength} ${Math.round(p.length_m ?? 0)} ${t.metres} · ${t.routeTime} ${p.walking_time_min ?? 0} ${t.minutes}` })];
  const warnings = el("ul", { class: "plain", id: "route-warnings" });
  if (p.destination?.suits_hazard === false) {
    warnings.append(el("li", { class: "warning", id: "route-not-suitable", text: `⚠ ${t.routeNotSuitable}（${kind}）` }));
  }
  for (const h of p.hazard_areas ?? []) {
    warnings.append(el("li", { class: "warning", text: `⚠ ${t.routeCrosses}: ${t.hazardKinds[h.kind] ?? h.kind} ${h.rank_label}` }));
  }
  for (const s of p.steps ?? []) {
    const text = `⚠ ${t.routeSteps}: ${s.name ?? t.routeUnnamed} (${Math.round(s.length_m)} ${t.metres})`;
    warnings.append(el("li", { class: "warning", text }));
  }
  if (warnings.childElementCount > 0) items.push(warnings);
  const alternatives = lines.filter((f) => f.properties.role === "alternative");
  if (alternatives.length > 0) {
    const other = alternatives.map(({ properties: a }) =>
      `${a.destination?.name ?? ""} ${Math.round(a.length_m ?? 0)} ${t.metres} / ${a.walking_time_min ?? 0} ${t.minutes}`);
    items.push(el("p", { class: "hint", id: "route-alternatives", text: `${t.routeAlternatives}: ${other.join("、")}` }));
  }
  items.push(el("p", { class: "hint", text: t.routeNote }));
  box.replaceChildren(...items);
  box.scrollIntoView({ block: "nearest" });
  const coords = lines.flatMap((f) => (f.geometry as GeoJSON.LineString).coordinates);
  if (coords.length > 1) {
    const lons = coords.map((c) => c[0]), lats = coords.map((c) => c[1]);
    map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 60, maxZoom: 17 });
  }
}

/**
 * The start of a route from a site: the device's position (asked once, 10 s at most), or null when it is refused,
 * unavailable or slow — the caller then asks for a point on the map.
 */
export function devicePosition(timeoutMs = 10_000): Promise<{ lon: number; lat: number } | null> {
  return new Promise((resolve) => {
    if (!("geolocation" in navigator)) { resolve(null); return; }
    const timer = window.setTimeout(() => resolve(null), timeoutMs + 1_000); // some browsers never answer a silent prompt
    navigator.geolocation.getCurrentPosition(
      (p) => { window.clearTimeout(timer); resolve({ lon: p.coords.longitude, lat: p.coords.latitude }); },
      () => { window.clearTimeout(timer); resolve(null); },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 });
  });
}

/** The routing hazards (GET /api/routes/evacuation's hazard=) and the site flag that says a site suits each. */
export const RouteHazards: { hazard: string; flag: string }[] = [
  { hazard: "flood", flag: "suits_flood" }, { hazard: "inland_flood", flag: "suits_inland_flood" },
  { hazard: "storm_surge", flag: "suits_storm_surge" }, { hazard: "tsunami", flag: "suits_tsunami" },
  { hazard: "landslide", flag: "suits_landslide" }, { hazard: "earthquake", flag: "suits_earthquake" },
  { hazard: "fire", flag: "suits_fire" },
];
