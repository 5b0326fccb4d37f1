import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { getJson, sendJson } from "../http";
import { Districts } from "../districts";
import type { AlertDraftBody } from "./decisionsPanel";

/** A resident alert as published (GET /api/public-alerts, live kind `public-alert`): public in full. */
export interface PublicAlert {
  id: number; msgType: string; status: string; active?: boolean; cancelled?: boolean; level: number; evacuation: string | null;
  event?: Record<string, string>; districts?: string[]; areaDescription?: Record<string, string>;
  headline: Record<string, string>; description?: Record<string, string>; instruction?: Record<string, string> | null;
  sent: string; expires: string | null; capUrl?: string;
}

/** 警戒レベル → its evacuation information (levels 3–5 only), as the API requires them to match. */
const evacuationOf: Record<number, string | null> = { 1: null, 2: null, 3: "elderly-evacuate", 4: "evacuate", 5: "emergency-safety" };

export function alertText(lang: Lang, a: PublicAlert): string {
  const pick = (m: Record<string, string> | undefined | null): string => (m ? (lang === "ja" ? m.ja : (m.en ?? m.ja)) ?? "" : "");
  const ev = pick(a.event);
  const area = pick(a.areaDescription);
  // The event text already names the level (警戒レベル4 避難指示); without one, the level alone.
  const head = ev || (lang === "ja" ? `警戒レベル${a.level}` : `Alert level ${a.level}`);
  return `${head}${area ? ` (${area})` : ""}: ${pick(a.headline)}`;
}

export function isLive(a: PublicAlert): boolean {
  return !a.cancelled && a.active !== false && a.msgType !== "Cancel";
}

/** The banner of resident alerts (public map, shelter console): worst level first. */
export function renderAlertBanner(banner: HTMLElement, t: Dict, lang: Lang, alerts: Iterable<PublicAlert>): void {
  const list = [...alerts].filter(isLive).sort((a, b) => b.level - a.level);
  banner.dataset.alerts = String(list.length);
  if (list.length === 0) return;
  banner.className = `banner s${Math.min(4, Math.max(1, list[0].level - 1))}`;
  banner.replaceChildren(el("span", { text: `⚠ ${t.publicAlertTitle}:` }),
    ...list.map((a) => el("span", { class: "item public-alert", "data-alert-id": String(a.id), "data-level": String(a.level), text: alertText(lang, a) })));
}

/**
 * HQ: issue a resident alert (level, districts, Japanese and English text) and cancel one. Publishing is always this
 * explicit act (POST /api/public-alerts; cancel: POST /api/public-alerts/{id}/cancel). Active alerts come from GET
 * /api/public-alerts?active=true, then the live kind `public-alert`.
 */
export class AlertsPanel {
  private readonly alerts = new Map<number, PublicAlert>();
  private readonly list = el("ul", { class: "plain", id: "public-alert-list" });
  readonly section: HTMLElement;
  /** A draft from the decision board: its 町丁目 area and all its texts replace the form's districts and ja/en texts. */
  private draft: AlertDraftBody | null = null;
  private fill: ((d: AlertDraftBody) => void) | null = null;

  /** 「発令案を作成」: the form filled in from a board draft; HQ edits and publishes (nothing is issued here). */
  fillDraft(d: AlertDraftBody): void {
    this.draft = d;
    this.fill?.(d);
    (this.section as HTMLDetailsElement).open = true;
  }

  constructor(private readonly t: Dict, private readonly lang: Lang, private readonly token: string) {
    this.section = el("details", { id: "public-alerts-panel" }, el("summary", {}, el("h2", { text: t.issueAlert })),
      el("h3", { text: t.activeAlerts }), this.list, this.form());
  }

  async load(): Promise<void> {
    const r = await getJson<PublicAlert[]>("/api/public-alerts?active=true", this.token);
    if (r.ok) for (const a of r.value) this.alerts.set(a.id, a);
    this.render();
  }

  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) if (k.startsWith("public-alert\u0000")) this.alerts.set((v as PublicAlert).id, v as PublicAlert);
    this.render();
  }

  change(id: string, value: unknown | null): void {
    if (value === null) this.alerts.delete(Number(id)); else this.alerts.set(Number(id), value as PublicAlert);
    this.render();
  }

  private render(): void {
    const live = [...this.alerts.values()].filter(isLive).sort((a, b) => b.level - a.level);
    if (live.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: this.t.noPublicAlerts })); return; }
    this.list.replaceChildren(...live.map((a) => {
      const cancel = el("button", { type: "button", class: "cancel-alert", text: this.t.cancelAlert });
      const error = el("span", { class: "error" });
      cancel.addEventListener("click", () => void (async () => {
        const r = await sendJson<PublicAlert>("POST", `/api/public-alerts/${a.id}/cancel`, this.token, {});
        if (!r.ok) { error.textContent = `${r.status} ${r.detail}`; return; }
        this.alerts.delete(a.id);
        this.render();
      })());
      return el("li", { class: "card", "data-alert-id": String(a.id), "data-level": String(a.level) },
        el("strong", { class: "alert-level", text: alertText(this.lang, a) }),
        el("div", { class: "hint", text: `${this.t.alertStatuses[a.status] ?? a.status} · ${formatTime(this.lang, a.sent)}${a.expires ? ` → ${formatTime(this.lang, a.expires)}` : ""}` }),
        a.capUrl ? el("a", { href: a.capUrl, text: "CAP 1.2" }) : null, " ", cancel, error);
    }));
  }

  private form(): HTMLElement {
    const t = this.t;
    const level = el("select", { id: "alert-level" }, ...[3, 4, 5, 2, 1].map((l) => el("option", { value: String(l), text: t.levels[l] })));
    const status = el("select", { id: "alert-status" }, ...["Exercise", "Actual", "Test"].map((s) => el("option", { value: s, text: t.alertStatuses[s] })));
    const boxes = Districts.map((d) => el("input", { type: "checkbox", id: `alert-d-${d}`, value: d }));
    const area = el("fieldset", { class: "choices" }, el("legend", { text: t.area }),
      ...Districts.map((d, i) => el("label", { for: `alert-d-${d}`, class: "choice" }, boxes[i], el("span", { text: t.districtNames[d] ?? d }))));
    const headJa = el("input", { type: "text", id: "alert-headline-ja", maxlength: "160", lang: "ja" });
    const headEn = el("input", { type: "text", id: "alert-headline-en", maxlength: "160", lang: "en" });
    const descJa = el("textarea", { id: "alert-description-ja", maxlength: "4000", lang: "ja" });
    const descEn = el("textarea", { id: "alert-description-en", maxlength: "4000", lang: "en" });
    const expires = el("input", { type: "datetime-local", id: "alert-expires" });
    const error = el("p", { class: "error", role: "alert", id: "alert-error" });
    const draftNote = el("p", { class: "hint", id: "alert-draft-area" });
    this.fill = (d) => {
      level.value = String(d.level);
      status.value = "Exercise";
      headJa.value = d.headline.ja ?? ""; headEn.value = d.headline.en ?? "";
      descJa.value = d.description.ja ?? ""; descEn.value = d.description.en ?? "";
      for (const b of boxes) b.checked = false;
      draftNote.textContent = `町丁目 / chome: ${d.area.chome.join(", ")}`;
    };
    const done = el("p", { class: "hint", id: "alert-done", "aria-live": "polite" });
    const form = el("form", { id: "alert-form", class: "card" },
      el("div", { class: "form-grid" },
        el("label", { for: "alert-level", text: t.level }), level,
        el("label", { for: "alert-status", text: t.alertStatus }), status,
        el("label", { for: "alert-expires", text: t.expires }), expires),
      area, draftNote,
      el("label", { for: "alert-headline-ja", text: t.headlineJa }), headJa,
      el("label", { for: "alert-headline-en", text: t.headlineEn }), headEn,
      el("label", { for: "alert-description-ja", text: t.descriptionJa }), descJa,
      el("label", { for: "alert-description-en", text: t.descriptionEn }), descEn,
      error, done, el("button", { type: "submit", class: "primary", id: "alert-publish", text: t.publish }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      error.textContent = ""; done.textContent = "";
      const lv = Number(level.value);
      const d = this.draft && !boxes.some((b) => b.checked) ? this.draft : null;
      const body = {
        level: lv, evacuation: evacuationOf[lv] ?? null, status: status.value,
        area: d ? d.area : { districts: boxes.filter((b) => b.checked).map((b) => b.value) },
        headline: { ...(d?.headline ?? {}), ja: headJa.value.trim(), en: headEn.value.trim() },
        description: { ...(d?.description ?? {}), ja: descJa.value.trim() || headJa.value.trim(), en: descEn.value.trim() || headEn.value.trim() },
        ...(d?.instruction ? { instruction: d.instruction } : {}),
        expires: expires.value ? new Date(expires.value).toISOString() : d?.expires ?? null,
      };
      void (async () => {
        const r = await sendJson<PublicAlert>("POST", "/api/public-alerts", this.token, body);
        if (!r.ok) { error.textContent = `${r.status} ${r.detail}`; return; }
        this.alerts.set(r.value.id, r.value);
        this.draft = null;
        draftNote.textContent = "";
        this.render();
        done.textContent = `${t.published} #${r.value.id}`;
      })();
    });
    return form;
  }
}
