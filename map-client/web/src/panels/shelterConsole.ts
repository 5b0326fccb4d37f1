import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson, sendJson } from "../http";
import { crowdingBadge, type Centre } from "./sheltersPanel";

const needKinds = ["wheelchair", "infants", "pets", "medical"] as const;
const units = ["L", "mL", "kg", "g", "pcs", "pack", "box", "set", "meal", "bottle", "sheet", "roll", "pair"];

/**
 * The evacuation centre's own console (/shelter/{id} with a shelter token, or HQ/district staff): open and close it,
 * and report headcount, households, special needs and the supplies it needs (PUT /api/shelters/{id}/status); the
 * crowding level the server derives is shown at once and kept current from the live kind `shelter`.
 */
export class ShelterConsole {
  readonly section = el("section", { id: "shelter-console" });
  private centre: Centre | null = null;
  private readonly summary = el("div", { class: "card", id: "console-summary", "aria-live": "polite" });
  private readonly error = el("p", { class: "error", role: "alert", id: "shelter-error" });
  private readonly done = el("p", { class: "hint", id: "shelter-done", "aria-live": "polite" });
  private readonly inputs: Record<string, HTMLInputElement> = {};
  private readonly supplies = el("tbody", { id: "supply-rows" });
  private readonly openButton = el("button", { type: "button", id: "shelter-open", class: "primary big" });
  private dirty = false;

  constructor(private readonly t: Dict, private readonly lang: Lang, private readonly token: string, private readonly id: string) {
    const form = el("form", { id: "shelter-form", class: "card" });
    const grid = el("div", { class: "form-grid" });
    for (const [key, label] of [["capacity", t.capacity], ["headcount", t.headcount], ["households", t.households],
      ...needKinds.map((k) => [k, `${t.needs}: ${t.needKinds[k]}`])] as [string, string][]) {
      const input = el("input", { type: "number", id: `shelter-${key}`, min: "0", max: "20000", step: "1", inputmode: "numeric" });
      input.addEventListener("input", () => { this.dirty = true; });
      this.inputs[key] = input;
      grid.append(el("label", { for: `shelter-${key}`, text: label }), input);
    }
    const add = el("button", { type: "button", id: "supply-add", text: `＋ ${t.addSupply}` });
    add.addEventListener("click", () => { this.supplies.append(this.supplyRow({ item: "", quantity: 1, unit: "pcs" })); this.dirty = true; });
    const table = el("table", { class: "supplies" }, el("thead", {}, el("tr", {}, el("th", { text: t.supplyItem }), el("th", { text: t.quantity }), el("th", { text: t.unit }), el("th"))), this.supplies);
    form.append(grid, el("h3", { text: t.supplies }), table, add, this.error, this.done,
      el("button", { type: "submit", id: "shelter-save", class: "primary big", text: t.save }));
    form.addEventListener("submit", (e) => { e.preventDefault(); void this.save(); });
    this.openButton.addEventListener("click", () => void this.toggleOpen());
    this.section.append(this.summary, el("p", {}, this.openButton), form);
  }

  async load(): Promise<Centre | null> {
    const r = await getJson<Centre>(`/api/shelters/${encodeURIComponent(this.id)}`, this.token);
    if (!r.ok) { this.error.textContent = `${r.status} ${r.detail}`; return null; }
    this.show(r.value, true);
    return r.value;
  }

  /** A live change of this centre: the summary always; the form only when the user is not editing it. */
  change(value: Centre): void {
    this.show(value, !this.dirty);
  }

  private show(c: Centre, fillForm: boolean): void {
    this.centre = c;
    const t = this.t;
    this.summary.dataset.open = String(c.open);
    this.summary.dataset.crowding = c.crowding;
    this.summary.replaceChildren(
      el("div", { class: "row wrap" }, el("strong", { text: c.open ? t.open : t.closed }), el("span", { id: "crowding" }, crowdingBadge(t, this.lang, c.crowding, c.crowdingLabel, c.open))),
      el("div", { class: "value", id: "shelter-occupancy", text: `${t.headcount} ${c.headcount} / ${t.capacity} ${c.capacity ?? "?"} · ${t.households} ${c.households}` }),
      el("div", { class: "hint", text: `${c.open ? `${t.openedAt} ${formatTime(this.lang, c.openedAt)} · ` : ""}${t.updated} ${formatTime(this.lang, c.updatedAt)}${c.updatedBy ? ` (${c.updatedBy})` : ""}` }));
    this.openButton.textContent = c.open ? t.closeCentre : t.openCentre;
    this.openButton.dataset.action = c.open ? "close" : "open";
    this.openButton.className = c.open ? "big" : "primary big";
    if (!fillForm) return;
    this.inputs.capacity.value = c.capacity === null ? "" : String(c.capacity);
    this.inputs.headcount.value = String(c.headcount);
    this.inputs.households.value = String(c.households);
    for (const k of needKinds) this.inputs[k].value = String(c.needs?.[k] ?? 0);
    this.supplies.replaceChildren(...(c.supplies ?? []).map((s) => this.supplyRow(s)));
    this.dirty = false;
  }

  private supplyRow(s: { item: string; quantity: number; unit: string }): HTMLTableRowElement {
    const n = this.supplies.children.length + Math.floor(Math.random() * 1e6);
    const item = el("input", { type: "text", class: "supply-item", maxlength: "64", value: s.item, "aria-label": this.t.supplyItem, id: `supply-item-${n}` });
    const qty = el("input", { type: "number", class: "supply-quantity", min: "0", step: "any", value: String(s.quantity), "aria-label": this.t.quantity });
    const unit = el("select", { class: "supply-unit", "aria-label": this.t.unit }, ...units.map((u) => el("option", { value: u, text: u })));
    unit.value = units.includes(s.unit) ? s.unit : "pcs";
    const remove = el("button", { type: "button", class: "supply-remove", "aria-label": this.t.remove, text: "✕" });
    const row = el("tr", {}, el("td", {}, item), el("td", {}, qty), el("td", {}, unit), el("td", {}, remove));
    remove.addEventListener("click", () => { row.remove(); this.dirty = true; });
    for (const i of [item, qty, unit]) i.addEventListener("input", () => { this.dirty = true; });
    return row;
  }

  private async save(): Promise<void> {
    this.error.textContent = ""; this.done.textContent = "";
    const num = (k: string): number | null => (this.inputs[k].value === "" ? null : Number(this.inputs[k].value));
    const body = {
      capacity: num("capacity"), headcount: num("headcount"), households: num("households"),
      needs: Object.fromEntries(needKinds.map((k) => [k, num(k) ?? 0])),
      supplies: [...this.supplies.querySelectorAll("tr")].map((row) => ({
        item: (row.querySelector(".supply-item") as HTMLInputElement).value.trim(),
        quantity: Number((row.querySelector(".supply-quantity") as HTMLInputElement).value),
        unit: (row.querySelector(".supply-unit") as HTMLSelectElement).value,
      })).filter((s) => s.item !== ""),
    };
    const r = await sendJson<Centre>("PUT", `/api/shelters/${encodeURIComponent(this.id)}/status`, this.token, body);
    if (!r.ok) { this.error.textContent = `${r.status} ${r.detail}`; return; }
    this.dirty = false;
    this.show(r.value, true);
    this.done.textContent = `${this.t.savedAt} ${formatTime(this.lang, new Date())}`;
  }

  private async toggleOpen(): Promise<void> {
    if (!this.centre) return;
    this.error.textContent = "";
    const r = await sendJson<Centre>("POST", `/api/shelters/${encodeURIComponent(this.id)}/${this.centre.open ? "close" : "open"}`, this.token, undefined);
    if (!r.ok) { this.error.textContent = `${r.status} ${r.detail}`; return; }
    this.show(r.value, !this.dirty);
  }
}
