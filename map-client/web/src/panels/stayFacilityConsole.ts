import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { sendJson } from "../http";
import { crowdingBadge } from "./sheltersPanel";
import { stayStatusBadge, type StayFacility } from "./stayFacilitiesPanel";

const statuses = ["accepting", "suspended", "full", "not_opened"] as const;
const supplyKinds = ["water", "food", "blankets", "toilets", "power", "wifi"] as const;

/**
 * A temporary-stay facility's own console (/facility/{id} with the facility's token, or HQ): its status (受入可 / 受入停止 /
 * 満員 / 未開設), people accepted, capacity and what it offers (water, food, blankets, toilets, power, Wi-Fi), saved with
 * PUT /api/stay-facilities/{id}/status. The state comes from the live scope facility:{id} (kind `stay-facility`); the form
 * is refilled from a live change only while the user is not editing it.
 */
export class StayFacilityConsole {
  readonly section = el("section", { id: "facility-console" });
  private readonly summary = el("div", { class: "card", id: "facility-summary", "aria-live": "polite" });
  private readonly error = el("p", { class: "error", role: "alert", id: "facility-error" });
  private readonly done = el("p", { class: "hint", id: "facility-done", "aria-live": "polite" });
  private readonly status = el("select", { id: "facility-status" });
  private readonly accepted = el("input", { type: "number", id: "facility-accepted", min: "0", max: "20000", step: "1", inputmode: "numeric" });
  private readonly capacity = el("input", { type: "number", id: "facility-capacity", min: "0", max: "20000", step: "1", inputmode: "numeric" });
  private readonly supplies: Record<string, HTMLInputElement> = {};
  private dirty = false;
  /** The facility's name and place, once known (for the view's title and map). */
  facility: StayFacility | null = null;

  constructor(private readonly t: Dict, private readonly lang: Lang, private readonly token: string, private readonly id: string) {
    for (const s of statuses) this.status.append(el("option", { value: s, text: t.stayStatuses[s] }));
    const grid = el("div", { class: "form-grid" },
      el("label", { for: "facility-status", text: t.stayStatus }), this.status,
      el("label", { for: "facility-accepted", text: t.stayPeople }), this.accepted,
      el("label", { for: "facility-capacity", text: t.capacity }), this.capacity);
    const boxes = el("div", { class: "stay-supplies-grid", id: "facility-supplies" });
    for (const k of supplyKinds) {
      const box = el("input", { type: "checkbox", id: `facility-supply-${k}`, "data-supply": k });
      this.supplies[k] = box;
      boxes.append(el("label", { for: `facility-supply-${k}` }, box, t.staySupplyKinds[k]));
    }
    for (const i of [this.status, this.accepted, this.capacity, ...Object.values(this.supplies)]) {
      i.addEventListener("input", () => { this.dirty = true; });
      i.addEventListener("change", () => { this.dirty = true; });
    }
    const form = el("form", { id: "facility-form", class: "card" }, grid, el("h3", { text: t.staySupplies }), boxes, this.error, this.done,
      el("button", { type: "submit", id: "facility-save", class: "primary big", text: t.save }));
    form.addEventListener("submit", (e) => { e.preventDefault(); void this.save(); });
    this.summary.append(el("p", { class: "hint", text: t.stayWaiting }));
    this.section.append(this.summary, form);
  }

  /** The facility's state (the live snapshot or a change): the summary always; the form only when not being edited. */
  change(f: StayFacility): void {
    this.show(f, !this.dirty);
  }

  private show(f: StayFacility, fillForm: boolean): void {
    this.facility = f;
    const t = this.t;
    this.summary.dataset.status = f.status;
    this.summary.dataset.crowding = f.crowding;
    this.summary.replaceChildren(
      el("div", { class: "row wrap" }, el("strong", { id: "facility-name", text: f.name }), el("span", { id: "facility-badge" }, stayStatusBadge(t, f)),
        f.status === "not_opened" ? "" : crowdingBadge(t, this.lang, f.crowding, f.crowdingLabel)),
      el("div", { class: "value", id: "facility-occupancy", text: `${t.stayPeople} ${f.accepted} / ${t.capacity} ${f.capacity ?? "?"}` }),
      f.address ? el("div", { class: "hint", text: f.address }) : "",
      el("div", { class: "hint", text: `${t.updated} ${formatTime(this.lang, f.updatedAt)}${f.updatedBy ? ` (${f.updatedBy})` : ""}` }));
    if (!fillForm) return;
    this.status.value = f.status;
    this.accepted.value = String(f.accepted);
    this.capacity.value = f.capacity === null ? "" : String(f.capacity);
    for (const k of supplyKinds) this.supplies[k].checked = !!f.supplies?.[k];
    this.dirty = false;
  }

  private async save(): Promise<void> {
    this.error.textContent = ""; this.done.textContent = "";
    const body = {
      status: this.status.value,
      accepted: this.accepted.value === "" ? null : Number(this.accepted.value),
      capacity: this.capacity.value === "" ? null : Number(this.capacity.value),
      supplies: Object.fromEntries(supplyKinds.map((k) => [k, this.supplies[k].checked])),
    };
    const r = await sendJson<StayFacility>("PUT", `/api/stay-facilities/${encodeURIComponent(this.id)}/status`, this.token, body);
    if (!r.ok) { this.error.textContent = `${r.status} ${r.detail}`; return; }
    this.dirty = false;
    this.show(r.value, true);
    this.done.textContent = `${this.t.savedAt} ${formatTime(this.lang, new Date())}`;
  }
}
