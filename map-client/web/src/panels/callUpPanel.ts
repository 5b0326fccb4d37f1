import { formatTime, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson, sendJson } from "../http";

/** Counts of a call-up, a district or a group (the API's BoardCounts). */
interface Counts { key: string; called: number; available: number; unavailable: number; notAnswered: number; within30: number; within60: number }

/** A call-up as the panel shows it: hq gets every district, group and who has not answered; a district its own counts. */
interface CallUp {
  id: number; state: string; level: string; levelJa: string; levelEn: string; groups: string[]; reason: string;
  startedAt: string | null; endedAt: string | null;
  total: Counts; byDistrict: Counts[]; byGroup: Counts[]; notAnswered: { staffId: number; name: string; district: string }[] | null;
}

/** The hq view (GET /api/callups, live kind `call-up`). */
interface CallUpView {
  id: number; state: string; level: string; levelJa: string; levelEn: string; groups: string[]; reason: string;
  startedAt: string | null; endedAt: string | null;
  board: { total: Counts; byDistrict: Counts[]; byGroup: Counts[]; notAnswered: CallUp["notAnswered"] };
}

/** A district's view (live kind `call-up-district`, id `{callUp}/{district}`): counts only, no names. */
interface DistrictView {
  callUpId: number; state: string; level: string; levelJa: string; levelEn: string; groups: string[]; reason: string;
  startedAt: string | null; endedAt: string | null; district: string; counts: Counts; byGroup: Counts[];
}

// The panel's own texts (ja/en) stay here: the call-up is one feature, and the shared dictionary is edited by many.
const texts = {
  ja: {
    title: "職員参集", start: "参集を指令", level: "配備体制", groups: "対象班（空欄は全職員、例: A,B）", reason: "理由",
    none: "参集はありません", confirm: "承認して参集", dismiss: "見送り", end: "参集を終了", proposed: "提案（本部の承認待ち）",
    active: "参集中", ended: "終了", dismissed: "見送り", called: "対象", available: "参集可能", unavailable: "参集不可",
    notAnswered: "未回答", within30: "30分以内", within60: "60分以内", byDistrict: "地区別", byGroup: "班別",
    waiting: "未回答者", everyone: "全職員",
  },
  en: {
    title: "Staff call-up", start: "Call up staff", level: "Staffing level", groups: "Groups (empty = everyone, e.g. A,B)", reason: "Reason",
    none: "No call-up", confirm: "Confirm and call up", dismiss: "Dismiss", end: "End call-up", proposed: "Proposed (awaiting HQ)",
    active: "Active", ended: "Ended", dismissed: "Dismissed", called: "Called", available: "Available", unavailable: "Unavailable",
    notAnswered: "Not answered", within30: "within 30 min", within60: "within 60 min", byDistrict: "By district", byGroup: "By group",
    waiting: "Not answered yet", everyone: "everyone",
  },
};

const levels: [string, string, string][] = [
  ["info", "情報連絡態勢", "Information liaison"], ["first", "第1非常配備", "Level 1"], ["second", "第2非常配備", "Level 2"],
  ["third", "第3非常配備", "Level 3"],
];

/**
 * 職員参集 on the HQ and district boards. HQ: start a call-up, confirm or dismiss a proposal (from the 配備体制 rules),
 * end one, and watch the answers fill the board live: counts in all, per district and per group, and who has not
 * answered. A district HQ: its own counts only. Fed by GET /api/callups, then the live kinds `call-up` (hq) and
 * `call-up-district` (district).
 */
export class CallUpPanel {
  private readonly callUps = new Map<number, CallUp>();
  private readonly list = el("ul", { class: "plain", id: "callup-list" });
  private readonly status = el("p", { class: "hint", id: "callup-status", "aria-live": "polite" });
  private readonly tx: typeof texts.ja;
  readonly section: HTMLElement;

  constructor(private readonly lang: Lang, private readonly token: string, private readonly district: string | null) {
    this.tx = texts[lang];
    this.section = el("details", { id: "callup-panel", open: "" }, el("summary", {}, el("h2", { text: this.tx.title })),
      this.list, ...(district ? [] : [this.form()]), this.status);
    (window as unknown as { minatoCallUps: CallUpPanel }).minatoCallUps = this;
  }

  async load(): Promise<void> {
    const r = await getJson<CallUpView[]>("/api/callups", this.token);
    if (!r.ok) { this.status.textContent = `${r.status}: ${r.detail}`; return; }
    for (const v of r.value) if (v.state !== "dismissed") this.callUps.set(v.id, fromHq(v));
    this.render();
  }

  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) {
      if (k.startsWith("call-up\u0000")) this.apply("call-up", v);
      else if (k.startsWith("call-up-district\u0000")) this.apply("call-up-district", v);
    }
    this.render();
  }

  change(kind: string, id: string, value: unknown | null): void {
    if (value === null) {
      if (kind === "call-up") this.callUps.delete(Number(id));
      else this.callUps.delete(Number(id.split("/")[0]));
    } else {
      this.apply(kind, value);
    }
    this.render();
  }

  private apply(kind: string, value: unknown): void {
    if (kind === "call-up" && !this.district) {
      const v = value as CallUpView;
      if (v.state === "dismissed") this.callUps.delete(v.id); else this.callUps.set(v.id, fromHq(v));
    } else if (kind === "call-up-district" && this.district) {
      const d = value as DistrictView;
      if (d.district !== this.district) return;
      this.callUps.set(d.callUpId, {
        id: d.callUpId, state: d.state, level: d.level, levelJa: d.levelJa, levelEn: d.levelEn, groups: d.groups, reason: d.reason,
        startedAt: d.startedAt, endedAt: d.endedAt, total: d.counts, byDistrict: [], byGroup: d.byGroup, notAnswered: null,
      });
    }
  }

  private render(): void {
    const all = [...this.callUps.values()].sort((a, b) => b.id - a.id);
    if (all.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: this.tx.none })); return; }
    this.list.replaceChildren(...all.map((c) => this.item(c)));
  }

  private item(c: CallUp): HTMLElement {
    const tx = this.tx;
    const stateText = (tx as Record<string, string>)[c.state] ?? c.state;
    const li = el("li", { class: "card callup", "data-callup-id": String(c.id), "data-state": c.state },
      el("strong", { text: `${this.lang === "ja" ? c.levelJa : c.levelEn} — ${stateText}` }),
      el("div", { class: "hint", text: `${c.reason} · ${c.groups.length ? c.groups.join(", ") : tx.everyone}`
        + (c.startedAt ? ` · ${formatTime(this.lang, c.startedAt)}` : "") }),
      this.countsLine(c.total, "callup-total"));
    if (c.byDistrict.length > 0) li.append(this.table(tx.byDistrict, c.byDistrict, "callup-district"));
    if (c.byGroup.length > 0) li.append(this.table(tx.byGroup, c.byGroup, "callup-group"));
    if (c.notAnswered && c.notAnswered.length > 0 && c.state === "active") {
      li.append(el("div", { class: "hint", text: `${tx.waiting}:` }),
        el("ul", { class: "plain callup-waiting" }, ...c.notAnswered.map((n) => el("li", { "data-staff-id": String(n.staffId), text: `${n.name} (${n.district})` }))));
    }
    if (!this.district) {
      const buttons = el("div", { class: "status-buttons" });
      if (c.state === "proposed") {
        buttons.append(this.action(tx.confirm, `/api/callups/${c.id}/confirm`, "confirm"), this.action(tx.dismiss, `/api/callups/${c.id}/dismiss`, "dismiss"));
      } else if (c.state === "active") {
        buttons.append(this.action(tx.end, `/api/callups/${c.id}/end`, "end"));
      }
      if (buttons.children.length > 0) li.append(buttons);
    }
    return li;
  }

  private countsLine(n: Counts, cls: string): HTMLElement {
    const tx = this.tx;
    const part = (name: string, label: string, value: number): HTMLElement =>
      el("span", { class: `count callup-${name}`, "data-count": String(value), text: `${label} ${value}` });
    return el("div", { class: cls, "data-key": n.key }, part("called", tx.called, n.called), " · ", part("available", tx.available, n.available),
      ` (${tx.within30} ${n.within30}, ${tx.within60} ${n.within60}) · `, part("unavailable", tx.unavailable, n.unavailable), " · ",
      part("not-answered", tx.notAnswered, n.notAnswered));
  }

  private table(title: string, rows: Counts[], cls: string): HTMLElement {
    return el("details", { class: cls }, el("summary", { text: title }), ...rows.map((r) =>
      el("div", {}, el("span", { class: "badge", text: r.key }), " ", this.countsLine(r, `${cls}-row`))));
  }

  private action(label: string, url: string, name: string): HTMLButtonElement {
    const b = el("button", { type: "button", "data-action": name, text: label });
    b.addEventListener("click", async () => {
      b.disabled = true;
      const r = await sendJson<CallUpView>("POST", url, this.token, undefined);
      this.status.textContent = r.ok ? "" : `${r.status}: ${r.detail}`;
      if (r.ok) { this.apply("call-up", r.value); this.render(); } else b.disabled = false;
    });
    return b;
  }

  private form(): HTMLElement {
    const tx = this.tx;
    const level = el("select", { id: "callup-level" }, ...levels.map(([id, ja, en]) => el("option", { value: id, text: this.lang === "ja" ? ja : en })));
    const groups = el("input", { id: "callup-groups", type: "text", placeholder: "A,B" });
    const reason = el("input", { id: "callup-reason", type: "text", maxlength: "200" });
    const start = el("button", { type: "submit", id: "callup-start", text: tx.start });
    const form = el("form", { class: "callup-form" },
      el("label", {}, `${tx.level} `, level), el("label", {}, `${tx.groups} `, groups), el("label", {}, `${tx.reason} `, reason), start);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      start.disabled = true;
      const body = {
        level: level.value, reason: reason.value.trim() || null,
        groups: groups.value.split(/[,\s、]+/).map((g) => g.trim()).filter((g) => g.length > 0),
      };
      const r = await sendJson<CallUpView>("POST", "/api/callups", this.token, body);
      start.disabled = false;
      this.status.textContent = r.ok ? "" : `${r.status}: ${r.detail}`;
      if (r.ok) { this.apply("call-up", r.value); this.render(); reason.value = ""; }
    });
    return form;
  }
}

function fromHq(v: CallUpView): CallUp {
  return {
    id: v.id, state: v.state, level: v.level, levelJa: v.levelJa, levelEn: v.levelEn, groups: v.groups, reason: v.reason,
    startedAt: v.startedAt, endedAt: v.endedAt, total: v.board.total, byDistrict: v.board.byDistrict, byGroup: v.board.byGroup,
    notAnswered: v.board.notAnswered,
  };
}
