import type { Lang } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import type { maplibregl } from "../map/map";

/** A draft resident alert from the board: a body for POST /api/public-alerts. */
export interface AlertDraftBody {
  level: number; evacuation: string | null; status: string; area: { chome: string[] };
  headline: Record<string, string>; description: Record<string, string>; instruction: Record<string, string> | null; expires: string | null;
}
interface Reason { level: number; text: Record<string, string>; source: string }
interface AlertInForce { id: number; level: number }
interface DistrictDecision {
  id: string; nameJa: string; nameEn: string; level: number | null; chomeAtLevel: string[]; residentsAffected: number;
  reasons: Reason[]; alerts: AlertInForce[]; mayLower: boolean; draft: AlertDraftBody | null;
}
interface Board { at: string; rulesVersion: number; districts: DistrictDecision[]; staff: { staff: string; reason: Reason }[] }
interface Exposure { total: { population: number; households: number; chomeCount: number }; districts: { id: string; nameJa: string; nameEn: string; population: number }[]; chome: { keyCode: string }[] }

const text = {
  ja: { title: "警戒レベル判断ボード", none: "推奨なし", lower: "理由が解消: レベルを下げられる可能性があります", draft: "発令案を作成",
    residents: "人", exposure: "影響人口（町丁目・面積按分）", compute: "集計", rules: "判断ルール 版", staff: "職員配備",
    level: (l: number) => `警戒レベル${l}` },
  en: { title: "Decision board", none: "no recommendation", lower: "Reasons ended: the level may be lowered", draft: "Draft alert",
    residents: "residents", exposure: "Residents exposed (by 町丁目, area-weighted)", compute: "Compute", rules: "Rules version", staff: "Staff deployment",
    level: (l: number) => `Alert level ${l}` },
};

/**
 * HQ: the decision board (GET /api/decisions, then the live kind `decisions`) with a draft button per district that
 * opens the resident-alert form filled in (nothing is issued from here), and the exposure of a hazard kind
 * (GET /api/exposure) highlighted on the 町丁目 layer.
 */
export class DecisionsPanel {
  private readonly list = el("div", { id: "decision-list" });
  private readonly exposureOut = el("div", { id: "exposure-result", "aria-live": "polite" });
  readonly section: HTMLElement;

  constructor(private readonly lang: Lang, private readonly token: string, private readonly map: maplibregl.Map,
              private readonly onDraft: (d: AlertDraftBody) => void) {
    const x = text[lang];
    const hazard = el("select", { id: "exposure-hazard" },
      ...["flood", "inland_flood", "storm_surge", "tsunami", "landslide"].map((k) => el("option", { value: k, text: k })));
    const go = el("button", { type: "button", id: "exposure-go", text: x.compute });
    go.addEventListener("click", () => void this.exposure(hazard.value));
    this.section = el("details", { id: "decisions-panel", open: "" }, el("summary", {}, el("h2", { text: x.title })), this.list,
      el("h3", { text: x.exposure }), hazard, go, this.exposureOut);
  }

  async load(): Promise<void> {
    const r = await getJson<Board>("/api/decisions", this.token);
    if (r.ok) this.render(r.value);
  }

  change(value: unknown | null): void {
    if (value) this.render(value as Board);
  }

  private render(b: Board): void {
    const x = text[this.lang];
    const pick = (m: Record<string, string>): string => (this.lang === "ja" ? m.ja : m.en ?? m.ja);
    this.list.replaceChildren(el("p", { class: "hint", text: `${x.rules} ${b.rulesVersion}` }),
      ...b.staff.map((s) => el("p", { class: "card staff-proposal", text: `${x.staff}: ${s.staff} — ${pick(s.reason.text)}` })),
      ...b.districts.map((d) => {
        const draft = d.draft ? el("button", { type: "button", class: "draft-alert", "data-district": d.id, text: x.draft }) : null;
        draft?.addEventListener("click", () => this.onDraft(d.draft!));
        return el("div", { class: "card decision", "data-district": d.id, "data-level": String(d.level ?? 0) },
          el("strong", { text: `${this.lang === "ja" ? d.nameJa : d.nameEn}: ${d.level ? x.level(d.level) : x.none}` }),
          d.level ? el("div", { class: "hint", text: `${d.chomeAtLevel.length} 町丁目 · ${d.residentsAffected.toLocaleString()} ${x.residents}` }) : null,
          ...d.reasons.map((r) => el("div", { class: "reason", text: pick(r.text) })),
          d.alerts.length ? el("div", { class: "hint", text: d.alerts.map((a) => `#${a.id} ${x.level(a.level)}`).join(", ") }) : null,
          d.mayLower ? el("div", { class: "may-lower", text: x.lower }) : null, draft);
      }));
  }

  private async exposure(hazard: string): Promise<void> {
    const r = await getJson<Exposure>(`/api/exposure?hazard=${encodeURIComponent(hazard)}`, this.token);
    if (!r.ok) { this.exposureOut.textContent = `${r.status} ${r.detail}`; return; }
    const e = r.value;
    const x = text[this.lang];
    this.exposureOut.replaceChildren(
      el("p", { id: "exposure-total", text: `${e.total.population.toLocaleString()} ${x.residents} · ${e.total.chomeCount} 町丁目` }),
      ...e.districts.map((d) => el("div", { class: "hint", text: `${this.lang === "ja" ? d.nameJa : d.nameEn}: ${d.population.toLocaleString()}` })));
    const keys = e.chome.map((c) => c.keyCode);
    if (!this.map.getSource("chome")) {
      this.map.addSource("chome", { type: "vector", url: `${location.origin}/tiles/chome.json` });
      this.map.addLayer({ id: "exposure-fill", type: "fill", source: "chome", "source-layer": "chome", paint: { "fill-color": "#d84315", "fill-opacity": 0.35 } });
      this.map.addLayer({ id: "chome-line", type: "line", source: "chome", "source-layer": "chome", paint: { "line-color": "#8a8f96", "line-width": 0.5 } });
    }
    this.map.setFilter("exposure-fill", ["in", ["get", "key_code"], ["literal", keys]]);
  }
}
