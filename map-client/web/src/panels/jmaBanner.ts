import { formatTime, type Lang } from "../i18n";
import { el } from "../dom";
import type { maplibregl } from "../map/map";

/** A JMA product in force for Minato (live kind `jma`, GET /api/jma/warnings): JMA's, never the ward's own 警報. */
export interface JmaWarning {
  product: string; title: string; kindCode: string; kindName: string; level: number | null; areaCode: string; areaName: string;
  river: string | null; status: string; issuedAt: string; reportTime: string; messageId: number; drill: boolean; headline: string;
}
interface JmaEarthquake { reportTime: string; hypocenter: string | null; magnitude: string | null; areaIntensity: string | null; minatoIntensity: string | null; area: string; drill: boolean }
interface JmaTsunami { area: string; inForce: boolean; kindName: string | null; reportTime: string | null; drill: boolean }
interface JmaTimelineEntry { messageId: number; product: string; headTitle: string; infoType: string; reportTime: string; headline: string; drill: boolean }
/** The live entity `jma/minato`. */
export interface JmaSituation { warnings: JmaWarning[]; earthquake: JmaEarthquake | null; tsunami: JmaTsunami; timeline: JmaTimelineEntry[]; label: string }

const text = {
  ja: { label: "気象庁発表", none: "気象庁の警報・注意報はありません（港区）", quake: "地震", tsunami: "津波", timeline: "気象庁の発表履歴", drill: "訓練", intensity: "震度", minato: "港区", level: "レベル" },
  en: { label: "Issued by JMA", none: "No JMA warnings or advisories for Minato", quake: "Earthquake", tsunami: "Tsunami", timeline: "JMA timeline", drill: "DRILL", intensity: "intensity", minato: "Minato", level: "level" },
};

/**
 * The JMA banner (HQ and public maps): what 気象庁 has in force for Minato, the latest earthquake felt here and 東京湾内湾,
 * a timeline of JMA's messages, and the warning area (Minato's boundary) on the map while anything is in force. Always
 * labelled 気象庁発表 / Issued by JMA; a 訓練 message is marked as a drill.
 */
export class JmaBanner {
  readonly element = el("div", { id: "jma-banner", class: "jma-banner", role: "status", "aria-live": "polite" });

  constructor(private readonly lang: Lang, private readonly map: maplibregl.Map, after: HTMLElement) {
    after.after(this.element);
    this.element.dataset.warnings = "0";
    const addArea = (): void => {
      if (map.getLayer("jma-area")) return;
      map.addLayer({ id: "jma-area", type: "fill", source: "minato", "source-layer": "boundary", layout: { visibility: "none" },
        paint: { "fill-color": "#7b1fa2", "fill-opacity": 0.12 } });
      map.addLayer({ id: "jma-area-line", type: "line", source: "minato", "source-layer": "boundary", layout: { visibility: "none" },
        paint: { "line-color": "#7b1fa2", "line-width": 3, "line-dasharray": [2, 1] } });
    };
    if (map.isStyleLoaded()) addArea(); else map.once("load", addArea);
    this.update(null);
  }

  update(s: JmaSituation | null): void {
    const t = text[this.lang];
    const warnings = s?.warnings ?? [];
    this.element.dataset.warnings = String(warnings.length);
    const label = el("span", { class: "jma-label", text: `${t.label} / ${this.lang === "ja" ? "Issued by JMA" : "気象庁発表"}` });
    const items: HTMLElement[] = warnings
      .slice().sort((a, b) => (b.level ?? 0) - (a.level ?? 0))
      .map((w) => el("span", { class: `item jma-warning${w.drill ? " drill" : ""}`, "data-kind": w.kindCode, "data-level": String(w.level ?? "") },
        `${w.drill ? `【${t.drill}】` : ""}${w.kindName}${w.level ? ` (${t.level}${w.level})` : ""}${w.river ? ` ${w.river}` : ""} — ${w.areaName} ${formatTime(this.lang, w.reportTime)}`));
    if (items.length === 0) items.push(el("span", { class: "jma-none", text: t.none }));
    const q = s?.earthquake;
    if (q) {
      items.push(el("span", { class: `item jma-quake${q.drill ? " drill" : ""}` },
        `${q.drill ? `【${t.drill}】` : ""}${t.quake} ${q.hypocenter ?? ""} ${q.magnitude ?? ""}: ${q.area} ${t.intensity}${q.areaIntensity ?? "—"}` +
        `${q.minatoIntensity ? `, ${t.minato} ${t.intensity}${q.minatoIntensity}` : ""} (${formatTime(this.lang, q.reportTime)})`));
    }
    if (s?.tsunami?.kindName) {
      items.push(el("span", { class: `item jma-tsunami${s.tsunami.inForce ? " in-force" : ""}` },
        `${s.tsunami.drill ? `【${t.drill}】` : ""}${t.tsunami}: ${s.tsunami.area} ${s.tsunami.kindName}`));
    }
    const timeline = el("details", { class: "jma-timeline" }, el("summary", { text: t.timeline }),
      el("ol", {}, ...(s?.timeline ?? []).map((e) => el("li", { "data-message-id": String(e.messageId) },
        `${formatTime(this.lang, e.reportTime)} ${e.drill ? `【${t.drill}】` : ""}${e.headTitle}（${e.infoType}）${e.headline ? ` ${e.headline}` : ""}`))));
    this.element.className = `jma-banner${warnings.length > 0 || s?.tsunami?.inForce ? " active" : ""}`;
    this.element.replaceChildren(label, ...items, timeline);
    const visible = warnings.length > 0 ? "visible" : "none";
    for (const id of ["jma-area", "jma-area-line"]) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", visible);
  }
}
