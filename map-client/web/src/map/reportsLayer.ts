import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson, problemText } from "../http";
import { maplibregl } from "./map";
import { CategoryColours, CategoryGlyphs } from "./reportKinds";

/** The report JSON of POST/GET /api/reports (ops-common.md): geometry GeoJSON (lon, lat). */
export interface Report {
  id: number; category: string; severity: number; status: string; geometry: GeoJSON.Geometry; district: string | null;
  note: string | null; observedAt: string; reportedAt: string; reportedBy: string; assignee?: string | null;
  photos: { id: number | string; url: string }[];
  history: { status: string; at: string; by: string; note: string | null }[];
  blockedRoads: (number | string)[];
}

/** The workflow (server decides; these are the buttons offered): reported → confirmed → assigned → in-progress → resolved, or rejected. */
export const Transitions: Record<string, string[]> = {
  reported: ["confirmed", "rejected"],
  confirmed: ["assigned", "rejected"],
  assigned: ["in-progress", "rejected"],
  "in-progress": ["resolved", "rejected"],
  resolved: [],
  rejected: [],
};

const closedStatuses = new Set(["resolved", "rejected"]);

/**
 * Damage reports on the HQ and district maps: an HTML marker per report (category glyph and colour, severity badge),
 * report lines and the road segments they block drawn on the map, a list (open first, worst first) and a details card
 * with photos, history and the status buttons. Fed by GET /api/reports at start and the live kind `report` after,
 * both keyed by report id, so a report shows once however it arrives.
 */
export class ReportsLayer {
  private readonly reports = new Map<number, Report>();
  private readonly markers = new Map<number, { marker: maplibregl.Marker; element: HTMLButtonElement }>();
  private readonly roads = new Map<string, GeoJSON.Feature>();
  private readonly list = el("ul", { class: "plain report-list", id: "report-list" });
  private readonly details = el("section", { id: "report-details", "aria-live": "polite" });
  private readonly showClosed = el("input", { type: "checkbox", id: "reports-closed" });
  readonly section: HTMLElement;
  private openId: number | null = null;

  constructor(private readonly map: maplibregl.Map, private readonly t: Dict, private readonly lang: Lang,
    private readonly token: string, private readonly onNote: (text: string) => void) {
    this.section = el("section", { id: "reports" }, el("h2", { text: this.t.reports }),
      el("label", { for: "reports-closed", class: "check" }, this.showClosed, this.t.showClosed), this.details, this.list);
    this.showClosed.addEventListener("change", () => this.render());
    const addLayers = (): void => {
      map.addSource("report-lines", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
      map.addSource("report-blocked", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
      // Blocked roads: a wide dark casing under a red dashed line, unlike any base-map road.
      map.addLayer({ id: "report-blocked-casing", type: "line", source: "report-blocked", paint: { "line-color": "#111", "line-width": 8, "line-opacity": 0.55 } });
      map.addLayer({ id: "report-blocked", type: "line", source: "report-blocked", paint: { "line-color": "#ff1744", "line-width": 4.5, "line-dasharray": [1.2, 0.8] } });
      map.addLayer({ id: "report-lines", type: "line", source: "report-lines", paint: { "line-color": ["get", "colour"] as never, "line-width": 4 } });
      this.drawShapes();
    };
    if (map.isStyleLoaded()) addLayers(); else map.once("load", addLayers);
    (window as unknown as { minatoReports: ReportsLayer }).minatoReports = this; // for the end-to-end tests
  }

  /** Ids of the reports drawn (tests: each report once). */
  ids(): number[] { return [...this.reports.keys()]; }

  async load(): Promise<void> {
    const r = await getJson<{ features: { id?: number; geometry: GeoJSON.Geometry; properties: Omit<Report, "geometry"> }[] }>("/api/reports", this.token);
    if (!r.ok) { this.list.replaceChildren(el("li", { class: "error", text: `${this.t.errorPrefix} ${r.status}: ${r.detail}` })); return; }
    for (const f of r.value.features) this.upsert({ ...f.properties, geometry: f.geometry } as Report, false);
    this.render();
  }

  /** A snapshot of the live scope: every `report` entity in it. */
  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) if (k.startsWith("report\u0000")) this.upsert(v as Report, false);
    this.render();
  }

  /** A live change of kind `report` (null = removed). */
  change(id: string, value: unknown | null): void {
    const n = Number(id);
    if (value === null) {
      // A report leaves the live situation when it is resolved or rejected: fetch its final state (kept, shown with
      // "show resolved"); gone or no longer ours → removed.
      void this.refetch(n);
      return;
    } else {
      const isNew = !this.reports.has(n);
      const r = value as Report;
      this.upsert(r, true);
      this.onNote(`${this.t.reportNo} ${r.id} ${this.t.categories[r.category] ?? r.category} → ${this.t.statuses[r.status] ?? r.status}${isNew ? ` (${this.t.newReport})` : ""}`);
    }
    this.render();
  }

  private async refetch(id: number): Promise<void> {
    const r = await getJson<Report>(`/api/reports/${id}`, this.token);
    if (r.ok) {
      this.upsert(r.value, true);
    } else {
      this.reports.delete(id);
      this.markers.get(id)?.marker.remove();
      this.markers.delete(id);
      if (this.openId === id) { this.openId = null; this.details.replaceChildren(); }
    }
    this.render();
  }

  private upsert(r: Report, fromLive: boolean): void {
    const before = this.reports.get(r.id);
    // A GET answered before a newer live change must not undo it: keep the later history.
    if (before && !fromLive && (before.history?.length ?? 0) > (r.history?.length ?? 0)) return;
    this.reports.set(r.id, r);
    this.drawMarker(r);
    void this.loadRoads(r);
    if (this.openId === r.id) this.showDetails(r.id);
  }

  private anchor(g: GeoJSON.Geometry): [number, number] | null {
    if (g.type === "Point") return g.coordinates as [number, number];
    if (g.type === "LineString") { const c = g.coordinates; return c[Math.floor(c.length / 2)] as [number, number]; }
    if (g.type === "MultiLineString") return g.coordinates[0][0] as [number, number];
    if (g.type === "Polygon") return g.coordinates[0][0] as [number, number];
    return null;
  }

  private drawMarker(r: Report): void {
    const at = this.anchor(r.geometry);
    if (!at) return;
    let m = this.markers.get(r.id);
    if (!m) {
      const element = el("button", { type: "button", class: "report-marker", "data-report-id": String(r.id) });
      element.addEventListener("click", (e) => { e.stopPropagation(); this.showDetails(r.id); });
      m = { marker: new maplibregl.Marker({ element }).setLngLat(at).addTo(this.map), element };
      this.markers.set(r.id, m);
    }
    m.marker.setLngLat(at);
    m.element.dataset.category = r.category;
    m.element.dataset.status = r.status;
    m.element.dataset.severity = String(r.severity);
    m.element.style.background = CategoryColours[r.category] ?? "#455a64";
    m.element.replaceChildren(el("span", { "aria-hidden": "true", text: CategoryGlyphs[r.category] ?? "!" }), el("span", { class: "sev", text: String(r.severity) }));
    m.element.setAttribute("aria-label", `${this.t.reportNo} ${r.id}: ${this.t.categories[r.category] ?? r.category}, ${this.t.severity} ${r.severity}, ${this.t.statuses[r.status] ?? r.status}`);
    m.element.hidden = closedStatuses.has(r.status) && !this.showClosed.checked;
  }

  private async loadRoads(r: Report): Promise<void> {
    let added = false;
    for (const id of r.blockedRoads ?? []) {
      const key = String(id);
      if (this.roads.has(key)) continue;
      const f = await getJson<GeoJSON.Feature>(`/ogc/collections/roads/items/${encodeURIComponent(key)}`);
      if (!f.ok) continue;
      this.roads.set(key, { ...f.value, properties: { ...(f.value.properties ?? {}), road: key } });
      added = true;
    }
    if (added) this.drawShapes();
  }

  private drawShapes(): void {
    const lines = this.map.getSource("report-lines") as maplibregl.GeoJSONSource | undefined;
    const blocked = this.map.getSource("report-blocked") as maplibregl.GeoJSONSource | undefined;
    if (!lines || !blocked) return;
    const open = [...this.reports.values()].filter((r) => !closedStatuses.has(r.status));
    lines.setData({ type: "FeatureCollection", features: open.filter((r) => r.geometry.type !== "Point")
      .map((r) => ({ type: "Feature", properties: { id: r.id, colour: CategoryColours[r.category] ?? "#455a64" }, geometry: r.geometry })) });
    const roadIds = new Set(open.flatMap((r) => (r.blockedRoads ?? []).map(String)));
    blocked.setData({ type: "FeatureCollection", features: [...this.roads.entries()].filter(([k]) => roadIds.has(k)).map(([, f]) => f) });
  }

  render(): void {
    this.drawShapes();
    for (const r of this.reports.values()) this.drawMarker(r);
    const shown = [...this.reports.values()].filter((r) => this.showClosed.checked || !closedStatuses.has(r.status))
      .sort((a, b) => Number(closedStatuses.has(a.status)) - Number(closedStatuses.has(b.status)) || b.severity - a.severity || b.reportedAt.localeCompare(a.reportedAt));
    if (shown.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: this.t.noReports })); return; }
    this.list.replaceChildren(...shown.map((r) => {
      const b = el("button", { type: "button" },
        el("span", { class: "status-badge", "data-status": r.status, text: this.t.statuses[r.status] ?? r.status }),
        el("span", {}, this.glyph(r.category), ` ${this.t.categories[r.category] ?? r.category} · ${this.t.severity} ${r.severity}${r.note ? ` · ${r.note}` : ""}`),
        el("span", { class: "value", text: `#${r.id}` }));
      b.addEventListener("click", () => { const at = this.anchor(r.geometry); if (at) this.map.flyTo({ center: at, zoom: 16 }); this.showDetails(r.id); });
      return el("li", { "data-report-id": String(r.id), "data-status": r.status }, b);
    }));
  }

  private glyph(category: string): HTMLElement {
    const g = el("span", { class: "glyph", "aria-hidden": "true", text: CategoryGlyphs[category] ?? "他" });
    g.style.background = CategoryColours[category] ?? "#455a64";
    return g;
  }

  private showDetails(id: number): void {
    const r = this.reports.get(id);
    if (!r) return;
    this.openId = id;
    const close = el("button", { type: "button", text: this.t.close });
    close.addEventListener("click", () => { this.openId = null; this.details.replaceChildren(); });
    const photos = el("div", { class: "report-photos" });
    for (const p of r.photos ?? []) void this.photo(p.url).then((img) => { if (img) photos.append(img); });
    const history = el("ol", { class: "plain timeline" }, ...(r.history ?? []).map((h) =>
      el("li", { text: `${formatTime(this.lang, h.at)} ${this.t.statuses[h.status] ?? h.status} · ${h.by}${h.note ? ` — ${h.note}` : ""}` })));
    const error = el("p", { class: "error", role: "alert" });
    const statusNote = el("input", { type: "text", id: "status-note", "aria-label": this.t.statusNote, placeholder: this.t.statusNote });
    const assignee = el("input", { type: "text", id: "status-assignee", "aria-label": this.t.assignee, placeholder: this.t.assignee });
    const buttons = (Transitions[r.status] ?? []).map((s) => {
      const b = el("button", { type: "button", class: s === "rejected" ? "" : "primary", "data-to": s, text: this.t.statuses[s] ?? s });
      b.addEventListener("click", () => void this.setStatus(r.id, s, statusNote.value, assignee.value, error));
      return b;
    });
    const actions = buttons.length === 0 ? null : el("div", {}, el("div", { class: "hint", text: this.t.setStatus }),
      r.status === "confirmed" ? assignee : null, statusNote, el("div", { class: "row wrap status-buttons" }, ...buttons), error);
    const district = r.district ?? "—";
    this.details.replaceChildren(el("div", { class: "card", "data-report-id": String(r.id), "data-status": r.status },
      el("strong", {}, this.glyph(r.category), ` ${this.t.categories[r.category] ?? r.category} — ${this.t.reportNo} ${r.id}`),
      el("div", {}, el("span", { class: "status-badge", "data-status": r.status, text: this.t.statuses[r.status] ?? r.status }),
        ` ${this.t.severity} ${r.severity} · ${this.t.district}: ${district}`),
      r.note ? el("p", { text: r.note }) : null,
      el("div", { class: "hint", text: `${this.t.observed} ${formatTime(this.lang, r.observedAt)} · ${this.t.reported} ${formatTime(this.lang, r.reportedAt)} · ${this.t.by} ${r.reportedBy}` }),
      (r.blockedRoads?.length ?? 0) > 0 ? el("div", { class: "hint", text: `${this.t.blockedRoads}: ${r.blockedRoads.length}` }) : null,
      photos, history, actions, close));
  }

  private async photo(url: string): Promise<HTMLImageElement | null> {
    // Photos are staff-only: fetched with the token (an <img src> could not send it).
    try {
      const r = await fetch(url, { headers: { Authorization: `Bearer ${this.token}` } });
      if (!r.ok) return null;
      const img = el("img", { alt: this.t.photos, loading: "lazy" });
      img.src = URL.createObjectURL(await r.blob());
      return img;
    } catch {
      return null;
    }
  }

  private async setStatus(id: number, status: string, note: string, assignee: string, error: HTMLElement): Promise<void> {
    error.textContent = "";
    const body: Record<string, string> = { status };
    if (note.trim()) body.note = note.trim();
    if (assignee.trim()) body.assignee = assignee.trim();
    try {
      const r = await fetch(`/api/reports/${id}/status`, {
        method: "POST", headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      if (!r.ok) { error.textContent = await problemText(r); return; }
      this.upsert((await r.json()) as Report, true);
      this.render();
    } catch (e) {
      error.textContent = `${this.t.errorPrefix}: ${String(e)}`;
    }
  }
}
