import type { Lang } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { maplibregl } from "./map";

/** One live `isolation` entity (id `{hazard}:{district}`): the district's 町丁目 cut off for the hazard (snake_case). */
interface IsolationEntity {
  hazard: string; district: string; version: number; residents: number; households: number;
  chome: { key_code: string; name: string | null; residents: number; households: number; reason: string }[];
}

export const IsolationHazards = ["flood", "inland_flood", "storm_surge", "tsunami", "landslide", "earthquake", "fire"] as const;

const text = {
  ja: {
    title: "孤立町丁目", hazard: "災害種別", none: "孤立している町丁目はありません", residents: "人", households: "世帯",
    noSite: "この災害種別に指定された開設中の避難先がありません（区内全域が対象外）",
    legend: "孤立町丁目（避難場所に到達不能）", reason: { isolated: "道路閉塞・危険区域で避難先に到達不能", off_network: "歩行可能な道路なし" } as Record<string, string>,
    hazards: { flood: "洪水", inland_flood: "内水氾濫", storm_surge: "高潮", tsunami: "津波", landslide: "土砂災害", earthquake: "地震", fire: "大規模火災" } as Record<string, string>,
  },
  en: {
    title: "Isolated 町丁目", hazard: "Hazard", none: "No 町丁目 is cut off", residents: "residents", households: "households",
    noSite: "No open site is designated for this hazard (none in the ward to route to)",
    legend: "Isolated 町丁目 (no open site reachable)", reason: { isolated: "no open site reachable past blocked roads or hazard areas", off_network: "no walkable road nearby" } as Record<string, string>,
    hazards: { flood: "Flood", inland_flood: "Inland flooding", storm_surge: "Storm surge", tsunami: "Tsunami", landslide: "Landslide", earthquake: "Earthquake", fire: "Large fire" } as Record<string, string>,
  },
};

/**
 * HQ and district maps: the 町丁目 from which no walk reaches an open suitable site (live kind `isolation`, one entity per
 * hazard and district, recomputed by the server when roads are blocked or sites close), drawn as a red hatched fill for
 * the hazard chosen in the panel, with a list, a legend swatch and a popup. Outlines come from the OGC `chome` collection,
 * one item per key code, fetched once.
 */
export class IsolationLayer {
  private readonly entities = new Map<string, IsolationEntity>();
  private readonly outlines = new Map<string, GeoJSON.Geometry | null>();
  private readonly list = el("ul", { class: "plain", id: "isolation-list" });
  private readonly summary = el("p", { id: "isolation-summary", class: "hint" });
  private readonly hazard = el("select", { id: "isolation-hazard" });
  readonly section: HTMLElement;
  private drawn = 0;
  private drawing = 0;

  constructor(private readonly map: maplibregl.Map, private readonly lang: Lang) {
    const x = text[lang];
    for (const h of IsolationHazards) this.hazard.append(el("option", { value: h, text: x.hazards[h] ?? h }));
    // Earthquake first: its isolation is the roads blocked by reports alone (no area is forbidden), the question HQ asks
    // on the day; for the water hazards a 町丁目 inside a forbidden area always reads as cut off, so they are a choice.
    this.hazard.value = "earthquake";
    this.hazard.addEventListener("change", () => void this.render());
    this.section = el("details", { id: "isolation-panel", open: "" }, el("summary", {}, el("h2", { text: x.title })),
      el("label", { for: "isolation-hazard" }, `${x.hazard} `, this.hazard), this.summary, this.list);
    const addLayers = (): void => {
      map.addImage("isolation-hatch", hatch());
      map.addSource("isolation", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
      // Cut off (roads or hazard areas) in hatched red; "off_network" (no walkable road near the 町丁目's point at all —
      // water, or the demo's schematic roads) in plain grey: a gap in the data, not an emergency.
      const cut: maplibregl.FilterSpecification = ["!=", ["get", "reason"], "off_network"];
      const off: maplibregl.FilterSpecification = ["==", ["get", "reason"], "off_network"];
      map.addLayer({ id: "isolation-off-fill", type: "fill", source: "isolation", filter: off,
        paint: { "fill-color": "#757575", "fill-opacity": 0.12 } });
      map.addLayer({ id: "isolation-off-line", type: "line", source: "isolation", filter: off,
        paint: { "line-color": "#757575", "line-width": 1, "line-dasharray": [2, 2] } });
      map.addLayer({ id: "isolation-fill", type: "fill", source: "isolation", filter: cut, paint: { "fill-pattern": "isolation-hatch" } });
      map.addLayer({ id: "isolation-line", type: "line", source: "isolation", filter: cut, paint: { "line-color": "#d50000", "line-width": 2 } });
      for (const layer of ["isolation-fill", "isolation-off-fill"]) {
        map.on("click", layer, (e) => { const f = e.features?.[0]; if (f) this.popup(e.lngLat, f.properties as Record<string, unknown>); });
      }
      void this.render();
    };
    if (map.isStyleLoaded()) addLayers(); else map.once("load", addLayers);
    (window as unknown as { minatoIsolation: IsolationLayer }).minatoIsolation = this; // for the end-to-end tests
  }

  /** The oldest version among the hazard's entities (0 when none): tests compare it with the database's inputs. */
  version(hazard: string): number {
    const v = [...this.entities.values()].filter((e) => e.hazard === hazard).map((e) => e.version);
    return v.length === 0 ? 0 : Math.min(...v);
  }

  /** No drawing in progress (tests). */
  idle(): boolean { return this.drawing === 0; }

  /** The legend entry (a hatched red swatch). */
  legendItem(): HTMLElement {
    const sw = el("span", { class: "swatch" });
    sw.style.background = "repeating-linear-gradient(45deg, #d50000 0 2px, transparent 2px 5px)";
    sw.style.outline = "2px solid #d50000";
    return el("li", { id: "legend-isolation" }, sw, text[this.lang].legend);
  }

  /** A snapshot of the live scope: every `isolation` entity in it. */
  reset(all: Map<string, unknown>): void {
    this.entities.clear();
    for (const [k, v] of all) if (k.startsWith("isolation\u0000")) this.entities.set(k.slice("isolation\u0000".length), v as IsolationEntity);
    void this.render();
  }

  /** A live change of kind `isolation` (null = removed). */
  change(id: string, value: unknown | null): void {
    if (value === null) this.entities.delete(id); else this.entities.set(id, value as IsolationEntity);
    void this.render();
  }

  private async render(): Promise<void> {
    this.drawing++;
    try { await this.draw(); } finally { this.drawing--; }
  }

  private async draw(): Promise<void> {
    const x = text[this.lang];
    const hazard = this.hazard.value;
    const turn = ++this.drawn;
    const all = [...this.entities.values()].filter((e) => e.hazard === hazard).flatMap((e) => e.chome);
    // "no_site": the hazard has no open designated site at all — a gap in the designations, not roads cut; said once
    // instead of painting the whole ward.
    const noSite = all.some((c) => c.reason === "no_site");
    const chome = all.filter((c) => c.reason !== "no_site").sort((a, b) => b.residents - a.residents);
    const residents = chome.reduce((s, c) => s + c.residents, 0);
    this.summary.textContent = noSite ? x.noSite : chome.length === 0 ? x.none
      : `${chome.length} 町丁目 · ${residents.toLocaleString()} ${x.residents}`;
    this.list.replaceChildren(...chome.map((c) => {
      const b = el("button", { type: "button" },
        `${c.name ?? c.key_code}: ${c.residents.toLocaleString()} ${x.residents} · ${c.households.toLocaleString()} ${x.households}`);
      b.addEventListener("click", () => this.show(c.key_code));
      return el("li", { "data-key-code": c.key_code }, b);
    }));
    await Promise.all(chome.filter((c) => !this.outlines.has(c.key_code)).map(async (c) => {
      const r = await getJson<{ geometry: GeoJSON.Geometry }>(`/ogc/collections/chome/items/${encodeURIComponent(c.key_code)}`);
      this.outlines.set(c.key_code, r.ok ? r.value.geometry : null);
    }));
    if (turn !== this.drawn) return; // a newer change is being drawn
    const features: GeoJSON.Feature[] = chome.filter((c) => this.outlines.get(c.key_code)).map((c) => ({
      type: "Feature", id: c.key_code, geometry: this.outlines.get(c.key_code)!,
      properties: { key_code: c.key_code, name: c.name, residents: c.residents, households: c.households, hazard, reason: c.reason },
    }));
    (this.map.getSource("isolation") as maplibregl.GeoJSONSource | undefined)?.setData({ type: "FeatureCollection", features });
  }

  /** Flies to an isolated 町丁目 and opens its popup (from the list). */
  private show(keyCode: string): void {
    const g = this.outlines.get(keyCode);
    const c = [...this.entities.values()].filter((e) => e.hazard === this.hazard.value).flatMap((e) => e.chome)
      .find((x) => x.key_code === keyCode);
    if (!g || !c || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
    const b = new maplibregl.LngLatBounds();
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const poly of polygons) for (const ring of poly) for (const p of ring) b.extend([p[0], p[1]]);
    this.map.fitBounds(b, { padding: 40, maxZoom: 16, duration: 0 });
    this.popup(b.getCenter(), { ...c, hazard: this.hazard.value });
  }

  private popup(at: maplibregl.LngLat, p: Record<string, unknown>): void {
    const x = text[this.lang];
    const box = el("div", { class: "isolation-popup" }, el("strong", { text: String(p.name ?? p.key_code) }),
      el("div", { text: `${x.hazards[String(p.hazard)] ?? p.hazard}: ${x.reason[String(p.reason)] ?? p.reason}` }),
      el("div", { text: `${Number(p.residents).toLocaleString()} ${x.residents} · ${Number(p.households).toLocaleString()} ${x.households}` }));
    new maplibregl.Popup({ maxWidth: "18rem" }).setLngLat(at).setDOMContent(box).addTo(this.map);
  }
}

/** A 12×12 pattern of red diagonal hatching on a pale red ground. */
function hatch(): { width: number; height: number; data: Uint8Array } {
  const n = 12;
  const data = new Uint8Array(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const line = (x + y) % n < 3;
      data.set(line ? [213, 0, 0, 220] : [213, 0, 0, 40], (y * n + x) * 4);
    }
  }
  return { width: n, height: n, data };
}
