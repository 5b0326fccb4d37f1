import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { maplibregl } from "../map/map";

/** The staff JSON of an evacuation centre (GET /api/shelters, live kind `shelter`). */
export interface Centre {
  id: string; name: string; district: string | null; geometry: { type: "Point"; coordinates: [number, number] };
  open: boolean; openedAt: string | null; closedAt: string | null; capacity: number | null; headcount: number; households: number;
  needs: { wheelchair: number; infants: number; pets: number; medical: number };
  supplies: { item: string; quantity: number; unit: string }[];
  crowding: string; crowdingLabel: { ja: string; en: string }; updatedAt: string | null; updatedBy: string | null;
}

/** The public projection of an open centre (GET /api/public/shelters features, public live kind `shelter`). */
export interface PublicCentre {
  id: string; geometry: { type: "Point"; coordinates: [number, number] };
  properties: { id: string; name: string; crowding: string; crowdingLabel: { ja: string; en: string }; updatedAt: string | null };
}

export const CrowdingColours: Record<string, string> = {
  vacant: "#2e7d32", "somewhat-crowded": "#f2c200", crowded: "#e07b00", full: "#c62828", unknown: "#607d8b",
};

const crowdingRank: Record<string, number> = { full: 4, crowded: 3, "somewhat-crowded": 2, vacant: 1, unknown: 0 };

export function crowdingBadge(t: Dict, lang: Lang, crowding: string, label?: { ja: string; en: string } | null, open = true): HTMLElement {
  const level = open ? crowding : "closed";
  const text = open ? (label ? (lang === "ja" ? label.ja : label.en) : (t.crowdings[crowding] ?? crowding)) : t.crowdings.closed;
  return el("span", { class: "crowding", "data-crowding": level, text });
}

/**
 * A circle layer of centres coloured by crowding (open ones only), or of other points coloured by another property
 * (stay facilities by status); returns a setter for its features.
 */
export function crowdingLayer(map: maplibregl.Map, id: string, onClick: (centreId: string, at: maplibregl.LngLat) => void,
  by: { property: string; colours: Record<string, string> } = { property: "crowding", colours: CrowdingColours }): (features: GeoJSON.Feature[]) => void {
  let pending: GeoJSON.Feature[] | null = null;
  const add = (): void => {
    map.addSource(id, { type: "geojson", data: { type: "FeatureCollection", features: pending ?? [] } });
    const colour: unknown[] = ["match", ["get", by.property]];
    for (const [k, c] of Object.entries(by.colours)) colour.push(k, c);
    colour.push("#607d8b");
    map.addLayer({
      id, type: "circle", source: id,
      paint: { "circle-color": colour as never, "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 6, 17, 12] as never, "circle-stroke-color": "#fff", "circle-stroke-width": 2.5 },
    });
    map.on("click", id, (e) => { const f = e.features?.[0]; if (f) onClick(String(f.properties?.id), e.lngLat); });
    map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
  };
  if (map.isStyleLoaded()) add(); else map.once("load", add);
  return (features) => {
    pending = features;
    (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData({ type: "FeatureCollection", features });
  };
}

/**
 * HQ and district pages: every evacuation centre of the scope with its open state, crowding, headcount, needs and
 * supplies (GET /api/shelters, then the live kind `shelter`), open ones on the map coloured by crowding.
 */
export class SheltersPanel {
  private readonly centres = new Map<string, Centre>();
  private readonly list = el("ul", { class: "plain", id: "centre-list" });
  readonly section: HTMLElement;
  private readonly draw: (features: GeoJSON.Feature[]) => void;

  constructor(private readonly map: maplibregl.Map, private readonly t: Dict, private readonly lang: Lang,
    private readonly token: string, private readonly districtId: string | null) {
    this.section = el("details", { id: "centres", open: "" }, el("summary", {}, el("h2", { text: t.centres })), this.list);
    this.draw = crowdingLayer(map, "ops-shelters", (id, at) => this.popup(id, at));
    (window as unknown as { minatoCentres: SheltersPanel }).minatoCentres = this;
  }

  /** Centres known (by id), for the task form's addressee list. */
  all(): Centre[] { return [...this.centres.values()]; }

  async load(): Promise<void> {
    const r = await getJson<Centre[]>("/api/shelters", this.token);
    if (!r.ok) { this.list.replaceChildren(el("li", { class: "error", text: `${this.t.errorPrefix} ${r.status}: ${r.detail}` })); return; }
    for (const c of r.value) this.centres.set(c.id, c);
    this.render();
  }

  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) if (k.startsWith("shelter\u0000")) this.centres.set((v as Centre).id, v as Centre);
    this.render();
  }

  change(id: string, value: unknown | null): void {
    if (value === null) this.centres.delete(id); else this.centres.set(id, value as Centre);
    this.render();
  }

  private render(): void {
    const shown = [...this.centres.values()].filter((c) => !this.districtId || c.district === this.districtId);
    this.draw(shown.filter((c) => c.open).map((c) => ({ type: "Feature", properties: { id: c.id, crowding: c.crowding }, geometry: c.geometry })));
    const open = shown.filter((c) => c.open)
      .sort((a, b) => (crowdingRank[b.crowding] ?? 0) - (crowdingRank[a.crowding] ?? 0) || b.headcount - a.headcount || a.name.localeCompare(b.name));
    if (open.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: this.t.noCentres })); return; }
    this.list.replaceChildren(...open.map((c) => {
      const needs = Object.entries(c.needs ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${this.t.needKinds[k] ?? k} ${n}`).join("・");
      const supplies = (c.supplies ?? []).map((s) => `${s.item} ${s.quantity}${s.unit}`).join("・");
      const b = el("button", { type: "button", class: "centre" },
        crowdingBadge(this.t, this.lang, c.crowding, c.crowdingLabel),
        el("span", { text: c.name }),
        el("span", { class: "value", text: `${c.headcount}/${c.capacity ?? "?"}` }));
      b.addEventListener("click", () => this.map.flyTo({ center: c.geometry.coordinates, zoom: 16 }));
      return el("li", { "data-shelter-id": c.id, "data-crowding": c.crowding, class: "card" }, b,
        needs ? el("div", { class: "hint", text: `${this.t.needs}: ${needs}` }) : null,
        supplies ? el("div", { class: "hint", text: `${this.t.supplies}: ${supplies}` }) : null,
        el("div", { class: "hint" }, `${this.t.updated} ${formatTime(this.lang, c.updatedAt)} · `, el("a", { href: `/shelter/${encodeURIComponent(c.id)}`, text: this.t.console })));
    }));
  }

  private popup(id: string, at: maplibregl.LngLat): void {
    const c = this.centres.get(id);
    if (!c) return;
    const box = el("div", { class: "facility-popup" }, el("strong", { text: c.name }), el("div", {}, crowdingBadge(this.t, this.lang, c.crowding, c.crowdingLabel),
      ` ${this.t.headcount} ${c.headcount}/${c.capacity ?? "?"} · ${this.t.households} ${c.households}`));
    new maplibregl.Popup({ maxWidth: "18rem" }).setLngLat(at).setDOMContent(box).addTo(this.map);
  }
}
