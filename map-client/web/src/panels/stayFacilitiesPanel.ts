import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson, sendJson } from "../http";
import { maplibregl } from "../map/map";
import { crowdingBadge, crowdingLayer } from "./sheltersPanel";
import type { Task } from "./tasksPanel";

/** The staff JSON of a temporary-stay facility (GET /api/stay-facilities, live kind `stay-facility`). */
export interface StayFacility {
  id: string; name: string; address: string | null; location: { type: "Point"; coordinates: [number, number] };
  status: string; statusLabel: { ja: string; en: string }; capacity: number | null; accepted: number;
  crowding: string; crowdingLabel: { ja: string; en: string };
  supplies: { water: boolean; food: boolean; blankets: boolean; toilets: boolean; power: boolean; wifi: boolean };
  updatedAt: string | null; updatedBy: string | null;
}

export const StayStatusColours: Record<string, string> = {
  accepting: "#2e7d32", suspended: "#e07b00", full: "#c62828", not_opened: "#9e9e9e",
};

const finalStatuses = new Set(["done", "cancelled"]);

/** A facility's status badge (受入可 / 受入停止 / 満員 / 未開設), coloured by the same palette as the map layer. */
export function stayStatusBadge(t: Dict, f: StayFacility): HTMLElement {
  return el("span", { class: "stay-badge", "data-status": f.status, text: t.stayStatuses[f.status] ?? f.status });
}

/**
 * Nearest to full first, as GET /api/stay-facilities orders them (StayFacilityOverview.Of): full ones, then opened
 * before not opened, then by the share of capacity taken (unknown capacity last), then by id.
 */
export function nearFullFirst(a: StayFacility, b: StayFacility): number {
  const share = (f: StayFacility): number => (f.capacity !== null && f.capacity > 0 ? f.accepted / f.capacity : -1);
  return Number(b.status === "full") - Number(a.status === "full")
    || Number(b.status !== "not_opened") - Number(a.status !== "not_opened")
    || share(b) - share(a)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * HQ: the temporary-stay facilities (一時滞在施設) — totals (accepting / full / stopped / not open, people accepted of the
 * capacity), the list nearest to full first, 「開設を指示」/「閉鎖を指示」 (POST /api/stay-facilities/{id}/tasks) with the
 * pending instruction shown from the live kind `task`, and a point layer coloured by status with a popup. Fed by
 * GET /api/stay-facilities, then the live kinds `stay-facility` and `task`.
 */
export class StayFacilitiesPanel {
  private readonly facilities = new Map<string, StayFacility>();
  private readonly tasks = new Map<number, Task>();
  private readonly totals = el("div", { class: "card", id: "stay-totals", "aria-live": "polite" });
  private readonly list = el("ul", { class: "plain", id: "stay-list" });
  private readonly error = el("p", { class: "error", role: "alert", id: "stay-error" });
  private readonly draw: (features: GeoJSON.Feature[]) => void;
  private shown: maplibregl.Popup | null = null;
  readonly section: HTMLElement;

  constructor(private readonly map: maplibregl.Map, private readonly t: Dict, private readonly lang: Lang,
    private readonly token: string) {
    this.section = el("details", { id: "stay-facilities", open: "" }, el("summary", {}, el("h2", { text: t.stayTitle })),
      this.totals, this.error, this.list);
    this.draw = crowdingLayer(map, "stay-facilities", (id, at) => this.popup(id, at),
      { property: "status", colours: StayStatusColours });
  }

  /** A facility's name (for the task queue's addressee), when known. */
  name(id: string): string | undefined { return this.facilities.get(id)?.name; }

  async load(): Promise<void> {
    const r = await getJson<{ facilities: StayFacility[] }>("/api/stay-facilities", this.token);
    if (!r.ok) { this.error.textContent = `${this.t.errorPrefix} ${r.status}: ${r.detail}`; return; }
    for (const f of r.value.facilities) this.upsert(f);
    this.render();
  }

  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) {
      if (k.startsWith("stay-facility\u0000")) this.upsert(v as StayFacility);
      else if (k.startsWith("task\u0000")) this.task(v as Task);
    }
    this.render();
  }

  change(id: string, value: unknown | null): void {
    if (value === null) this.facilities.delete(id); else this.upsert(value as StayFacility);
    this.render();
  }

  /** A live task: only those addressed to a facility matter here (the pending open/close instruction). */
  changeTask(id: string, value: unknown | null): void {
    if (value === null) { if (this.tasks.delete(Number(id))) this.render(); return; }
    if ((value as Task).to?.kind !== "facility") return;
    this.task(value as Task);
    this.render();
  }

  private task(task: Task): void {
    if (task.to?.kind !== "facility") return;
    const before = this.tasks.get(task.id);
    if (!before || before.updatedAt <= task.updatedAt) this.tasks.set(task.id, task);
  }

  private upsert(f: StayFacility): void {
    const before = this.facilities.get(f.id);
    // An older copy (a GET that crossed a live change) does not overwrite a newer one.
    if (before && before.updatedAt && f.updatedAt && before.updatedAt > f.updatedAt) return;
    this.facilities.set(f.id, f);
  }

  private pending(id: string): Task[] {
    return [...this.tasks.values()].filter((x) => x.to.id === id && !finalStatuses.has(x.status)).sort((a, b) => b.id - a.id);
  }

  private render(): void {
    const t = this.t;
    const all = [...this.facilities.values()].sort(nearFullFirst);
    this.draw(all.map((f) => ({ type: "Feature", properties: { id: f.id, status: f.status }, geometry: f.location })));
    const count = (s: string): number => all.filter((f) => f.status === s).length;
    const capacity = all.reduce((n, f) => n + (f.capacity ?? 0), 0);
    const accepted = all.reduce((n, f) => n + f.accepted, 0);
    const figure = (id: string, label: string, n: number, status: string): HTMLElement =>
      el("span", { class: "stay-total", id, "data-count": String(n) }, el("span", { class: "stay-badge", "data-status": status, text: label }),
        ` ${n}`);
    this.totals.replaceChildren(
      el("div", { class: "row wrap" }, figure("stay-accepting-count", t.stayTotalsAccepting, count("accepting"), "accepting"),
        figure("stay-full-count", t.stayTotalsFull, count("full"), "full"),
        figure("stay-suspended-count", t.stayTotalsSuspended, count("suspended"), "suspended"),
        figure("stay-not-opened-count", t.stayTotalsNotOpened, count("not_opened"), "not_opened")),
      el("div", { class: "value", id: "stay-people", "data-accepted": String(accepted), "data-capacity": String(capacity),
        text: `${t.stayPeople} ${accepted} / ${t.capacity} ${capacity}` }));
    if (all.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: t.stayNone })); return; }
    this.list.replaceChildren(...all.map((f) => this.item(f)));
  }

  private item(f: StayFacility): HTMLElement {
    const t = this.t;
    const head = el("button", { type: "button", class: "centre" }, stayStatusBadge(t, f), el("span", { text: f.name }),
      el("span", { class: "value stay-occupancy", text: `${f.accepted}/${f.capacity ?? "?"}` }));
    head.addEventListener("click", () => {
      this.map.flyTo({ center: f.location.coordinates, zoom: 16 });
      this.popup(f.id, maplibregl.LngLat.convert(f.location.coordinates));
    });
    const li = el("li", { class: "card stay-item", "data-facility-id": f.id, "data-status": f.status, "data-crowding": f.crowding }, head,
      el("div", { class: "hint" }, f.status === "not_opened" ? "" : crowdingBadge(t, this.lang, f.crowding, f.crowdingLabel),
        ` ${t.updated} ${formatTime(this.lang, f.updatedAt)}`));
    const pending = this.pending(f.id);
    if (pending.length > 0) {
      for (const task of pending) {
        li.append(el("div", { class: "hint stay-pending", "data-task-id": String(task.id), "data-task-status": task.status },
          el("span", { class: "status-badge", "data-status": task.status, text: t.taskStatuses[task.status] ?? task.status }),
          ` ${t.stayPending}: ${task.title}`));
      }
      return li;
    }
    const open = f.status === "not_opened";
    const instruct = el("button", { type: "button", class: open ? "primary stay-instruct" : "stay-instruct",
      "data-action": open ? "open" : "close", text: open ? t.stayInstructOpen : t.stayInstructClose });
    const error = el("span", { class: "error", role: "alert" });
    instruct.addEventListener("click", () => void (async () => {
      instruct.disabled = true;
      error.textContent = "";
      const r = await sendJson<Task>("POST", `/api/stay-facilities/${encodeURIComponent(f.id)}/tasks`, this.token,
        { action: open ? "open" : "close" });
      if (!r.ok) { error.textContent = `${r.status} ${r.detail}`; instruct.disabled = false; return; }
      this.task(r.value);
      this.render();
    })());
    li.append(el("div", { class: "row" }, instruct, error));
    return li;
  }

  private popup(id: string, at: maplibregl.LngLat): void {
    const f = this.facilities.get(id);
    if (!f) return;
    this.shown?.remove();
    const t = this.t;
    const offered = Object.entries(f.supplies ?? {}).filter(([, v]) => v).map(([k]) => t.staySupplyKinds[k] ?? k).join("・");
    const box = el("div", { class: "facility-popup stay-popup", "data-facility-id": f.id }, el("strong", { text: f.name }),
      el("div", {}, stayStatusBadge(t, f), ` ${t.stayPeople} ${f.accepted}/${f.capacity ?? "?"}`),
      f.address ? el("div", { class: "hint", text: f.address }) : null,
      offered ? el("div", { class: "hint", text: `${t.staySupplies}: ${offered}` }) : null);
    this.shown = new maplibregl.Popup({ maxWidth: "18rem" }).setLngLat(at).setDOMContent(box).addTo(this.map);
  }
}
