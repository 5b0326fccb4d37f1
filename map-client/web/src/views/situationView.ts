import { JmaBanner, type JmaSituation } from "../panels/jmaBanner";
import type { Shell } from "../shell";
import { dict, formatTime, stageName, type Dict } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { createMap, facilityPopups, maplibregl, WardCentre } from "../map/map";
import { legend } from "../map/legend";
import { SituationLive, type LinkState } from "../live";
import { takeToken } from "../auth/token";
import { signIn } from "../auth/signIn";
import { ReportsLayer } from "../map/reportsLayer";
import { SheltersPanel } from "../panels/sheltersPanel";
import { TasksPanel } from "../panels/tasksPanel";
import { AlertsPanel } from "../panels/alertsPanel";
import { DecisionsPanel } from "../panels/decisionsPanel";
import { CallUpPanel } from "../panels/callUpPanel";
import { IsolationLayer } from "../map/isolationLayer";
import { StayFacilitiesPanel } from "../panels/stayFacilitiesPanel";

interface Station {
  id: string; kind: string; nameJa: string; nameEn: string; district: string | null; lon: number; lat: number; unit: string;
  value: number | null; observedAt: string | null; derived: Record<string, number>; apiStage: number; apiOffline: boolean;
  /** The shown figure before the latest update: the trend arrow compares with it. */
  previous?: number | null;
}
interface Alert { stationId: string; stationKind: string; measure: string; stage: number; stageName: string; warningLevel: number | null; value: number | null; since: string; district: string | null }
interface StationFeature {
  id: string; geometry: { coordinates: number[] };
  properties: { kind: string; name_ja: string; name_en: string; district: string | null; unit: string; latest: { observed_at: string; value: number } | null; derived: Record<string, number>; stage: number; offline: boolean };
}
interface StationPayload { id: string; kind: string; nameJa: string; nameEn: string; district: string | null; lon: number; lat: number; value: number | null; observedAt: string; derived: Record<string, number> | null }

const units: Record<string, string> = { rain: "mm", river: "m", radiation: "µSv/h" };

/** The HQ situation map (scope "hq") and the district view (scope "district:{id}"). */
export function showSituation(shell: Shell, scope: string, districtId: string | null): void {
  const t = dict(shell.lang);
  const token = takeToken();
  if (!token) { signIn(shell, t, () => location.reload(), () => start("public")); return; }
  start(scope);

  function start(liveScope: string): void {
    shell.panel.replaceChildren();
    const map = createMap(shell.map, { zoom: districtId ? 14 : 13, center: WardCentre });
    facilityPopups(map, { open: t.open, closed: t.closed, capacity: t.capacity, shelter: t.shelters, site: t.evacSites });
    const stations = new Map<string, Station>();
    const alerts = new Map<string, Alert>();
    const markers = new Map<string, { marker: maplibregl.Marker; element: HTMLButtonElement; label: HTMLElement }>();
    let live: SituationLive | null = null;
    let snapshotSeen = false;

    // status: link state and "as of" time, always visible
    const link = el("span", { class: "link", id: "link-state", "data-state": "connecting", text: t.connecting });
    const asOf = el("span", { class: "asof", id: "as-of", text: `${t.asOf}: ${t.never}` });
    const scopeLabel = el("span", { id: "scope", text: `${t.scope}: ${liveScope}` });
    shell.status.append(scopeLabel, link, asOf);
    shell.banner.id = "alert-banner";
    const jma = new JmaBanner(shell.lang, map, shell.banner);

    const alertList = el("ul", { class: "plain", id: "alert-list" });
    const stationList = el("ul", { class: "plain stations", id: "station-list" });
    const timeline = el("ol", { class: "plain timeline", id: "timeline" });
    const details = el("section", { id: "details", "aria-live": "polite" });
    // Operations (issue 6): damage reports, staff scopes only.
    const staff = liveScope !== "public" && token ? token : null;
    const reports = staff ? new ReportsLayer(map, t, shell.lang, staff, (text) => note(text)) : null;
    const centres = staff ? new SheltersPanel(map, t, shell.lang, staff, districtId) : null;
    // Temporary-stay facilities (issue 15): HQ only (GET /api/stay-facilities is HQ's), live from the kinds stay-facility and task.
    const stay = staff && !districtId ? new StayFacilitiesPanel(map, t, shell.lang, staff) : null;
    const tasks = staff ? new TasksPanel(t, shell.lang, staff, districtId ? { kind: "district", id: districtId } : { kind: "hq", id: "hq" },
      () => null, (id, kind) => (kind === "shelter" ? centres?.all().find((c) => c.id === id)?.name : stay?.name(id))) : null;
    const residentAlerts = staff && !districtId ? new AlertsPanel(t, shell.lang, staff) : null;
    // Staff call-up (職員参集): HQ starts and watches it; a district HQ sees its own counts.
    const callUps = staff ? new CallUpPanel(shell.lang, staff, districtId) : null;
    const decisions = staff && residentAlerts ? new DecisionsPanel(shell.lang, staff, map, (d) => residentAlerts.fillDraft(d)) : null;
    // Isolated 町丁目 (issue 13): HQ and district HQs, live from the server's recompute.
    const isolation = staff ? new IsolationLayer(map, shell.lang) : null;
    const ops = [callUps?.section, decisions?.section, isolation?.section, reports?.section, tasks?.section, centres?.section,
      stay?.section, residentAlerts?.section].filter((x): x is HTMLElement => !!x);
    shell.panel.append(el("h2", { text: t.alerts }), alertList, details, ...ops, el("h2", { text: t.stationsList }), stationList,
      el("h2", { text: t.timeline }), timeline, legend(t, map, isolation ? [isolation.legendItem()] : []), stageLegend(t));

    const inScope = (s: { district: string | null }): boolean => !districtId || s.district === districtId;
    const name = (s: { nameJa: string; nameEn: string }): string => (shell.lang === "ja" ? s.nameJa : s.nameEn);
    const stageOf = (id: string): { stage: number; offline: boolean } => {
      if (!snapshotSeen) { const s = stations.get(id)!; return { stage: s.apiStage, offline: s.apiOffline }; }
      let stage = 0, offline = false;
      for (const a of alerts.values()) {
        if (a.stationId !== id) continue;
        if (a.measure === "offline") offline = true; else stage = Math.max(stage, a.stage);
      }
      return { stage, offline };
    };
    const figure = (s: Station): number | null => (s.kind === "rain" && s.derived["rain_1h"] !== undefined ? s.derived["rain_1h"] : s.value);
    const valueText = (s: Station): string => {
      const v = figure(s);
      if (v === null) return t.noData;
      const trend = s.previous === undefined || s.previous === null || s.previous === v ? "" : v > s.previous ? " ↑" : " ↓";
      return s.kind === "rain" && s.derived["rain_1h"] !== undefined ? `${v} mm/h${trend}` : `${v} ${s.unit}${trend}`;
    };

    function draw(id: string): void {
      const s = stations.get(id);
      if (!s || !inScope(s)) return;
      const { stage, offline } = stageOf(id);
      let m = markers.get(id);
      if (!m) {
        const label = el("span", { class: "label" });
        const element = el("button", { type: "button", class: "station-marker", "data-station-id": id }, el("span", { class: "dot" }), label);
        element.addEventListener("click", (e) => { e.stopPropagation(); void showDetails(id); });
        m = { marker: new maplibregl.Marker({ element, anchor: "left" }).setLngLat([s.lon, s.lat]).addTo(map), element, label };
        markers.set(id, m);
      }
      m.element.dataset.stage = String(stage);
      m.element.dataset.offline = String(offline);
      m.element.dataset.value = s.value === null ? "" : String(s.value);
      m.label.textContent = `${name(s)} ${valueText(s)}`;
      m.element.setAttribute("aria-label", `${name(s)}: ${stageName(t, stage, offline)}, ${valueText(s)}`);
    }

    function renderLists(): void {
      const list = [...stations.values()].filter(inScope).map((s) => ({ s, ...stageOf(s.id) }))
        .sort((a, b) => b.stage - a.stage || a.s.id.localeCompare(b.s.id));
      stationList.replaceChildren(...list.map(({ s, stage, offline }) => {
        const b = el("button", { type: "button", "data-station-id": s.id },
          el("span", { class: "badge", "data-stage": String(stage), "data-offline": String(offline), text: stageName(t, stage, offline) }),
          el("span", { text: name(s) }), el("span", { class: "value", text: valueText(s) }));
        b.addEventListener("click", () => { map.flyTo({ center: [s.lon, s.lat], zoom: 15 }); void showDetails(s.id); });
        return el("li", {}, b);
      }));
      const active = [...alerts.values()].filter((a) => a.measure !== "offline" && inScope(a)).sort((a, b) => b.stage - a.stage);
      alertList.replaceChildren(...(active.length === 0 ? [el("li", { class: "hint", text: t.noAlerts })] : active.map((a) => {
        const st = stations.get(a.stationId);
        return el("li", { "data-station-id": a.stationId },
          el("span", { class: "badge", "data-stage": String(a.stage), text: stageName(t, a.stage) }), " ",
          `${st ? name(st) : a.stationId} — ${a.measure}${a.value !== null ? ` ${a.value}` : ""}${a.warningLevel ? ` (警戒レベル${a.warningLevel})` : ""} · ${formatTime(shell.lang, a.since)}`);
      })));
      if (active.length === 0) {
        shell.banner.className = "banner calm";
        shell.banner.textContent = t.noAlerts;
      } else {
        shell.banner.className = `banner s${Math.min(4, active[0].stage)}`;
        shell.banner.replaceChildren(el("span", { text: `⚠ ${t.alerts} (${active.length})` }), ...active.slice(0, 6).map((a) => {
          const st = stations.get(a.stationId);
          return el("span", { class: "item", text: `${st ? name(st) : a.stationId}: ${stageName(t, a.stage)}` });
        }));
      }
    }

    function note(text: string): void {
      timeline.prepend(el("li", { text: `${formatTime(shell.lang, new Date())} ${text}` }));
      while (timeline.children.length > 40) timeline.lastElementChild!.remove();
    }

    function applyStation(p: StationPayload): void {
      const s = stations.get(p.id) ?? { id: p.id, kind: p.kind, nameJa: p.nameJa, nameEn: p.nameEn, district: p.district, lon: p.lon, lat: p.lat, unit: units[p.kind] ?? "", value: null, observedAt: null, derived: {}, apiStage: 0, apiOffline: false };
      const before = figure(s);
      s.value = p.value; s.observedAt = p.observedAt; s.derived = p.derived ?? s.derived;
      if (figure(s) !== before) s.previous = before;
      stations.set(p.id, s);
    }

    async function showDetails(id: string): Promise<void> {
      const s = stations.get(id);
      if (!s) return;
      const { stage, offline } = stageOf(id);
      const chart = el("div", { class: "hint", text: t.loading });
      const close = el("button", { type: "button", text: t.close });
      close.addEventListener("click", () => details.replaceChildren());
      details.replaceChildren(el("div", { class: "card", "data-station-id": id },
        el("strong", { text: name(s) }), el("div", { text: `${t.kinds[s.kind] ?? s.kind} · ${stageName(t, stage, offline)} · ${valueText(s)}` }),
        el("div", { class: "hint", text: `${t.asOf} ${formatTime(shell.lang, s.observedAt)}` }), el("div", { text: t.history }), chart, close));
      close.focus();
      const r = await getJson<{ observations: { t: string; v: number }[] }>(`/api/stations/${encodeURIComponent(id)}/observations?interval=10m`);
      chart.replaceChildren(r.ok && r.value.observations.length > 0 ? sparkline(r.value.observations.map((o) => o.v)) : document.createTextNode(t.noData));
    }

    void (async () => {
      const r = await getJson<{ features: StationFeature[] }>("/api/stations", token);
      if (r.ok) {
        for (const f of r.value.features) {
          const p = f.properties;
          stations.set(f.id, {
            id: f.id, kind: p.kind, nameJa: p.name_ja, nameEn: p.name_en, district: p.district, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1],
            unit: p.unit === "uSv/h" ? "µSv/h" : p.unit, value: p.latest?.value ?? null, observedAt: p.latest?.observed_at ?? null, derived: p.derived ?? {},
            apiStage: p.stage, apiOffline: p.offline,
          });
        }
      }
      for (const id of stations.keys()) draw(id);
      renderLists();
      if (districtId) void fitDistrict(map, districtId);
      void reports?.load();
      void centres?.load();
      void tasks?.load();
      void residentAlerts?.load();
      void decisions?.load();
      void callUps?.load();
      void stay?.load();

      live = new SituationLive(liveScope, liveScope === "public" ? null : token, {
        onState: (state: LinkState) => { link.dataset.state = state; link.textContent = t[state]; if (state !== "connected") note(t[state]); },
        onReset: (all) => {
          snapshotSeen = true;
          alerts.clear();
          for (const [k, v] of all) {
            if (k.startsWith("station\u0000")) applyStation(v as StationPayload);
            else if (k.startsWith("sensor-alert\u0000")) alerts.set(k.slice("sensor-alert\u0000".length), v as Alert);
          }
          for (const id of stations.keys()) draw(id);
          renderLists();
          reports?.reset(all);
          centres?.reset(all);
          tasks?.reset(all);
          residentAlerts?.reset(all);
          jma.update((all.get(SituationLive.key("jma", "minato")) as JmaSituation | undefined) ?? null);
          callUps?.reset(all);
          isolation?.reset(all);
          stay?.reset(all);
        },
        onChange: (kind, id, v) => {
          if (kind === "report") { reports?.change(id, v); return; }
          if (kind === "shelter") { centres?.change(id, v); return; }
          if (kind === "task") { tasks?.change(id, v); stay?.changeTask(id, v); return; }
          if (kind === "stay-facility") { stay?.change(id, v); return; }
          if (kind === "public-alert") { residentAlerts?.change(id, v); return; }
          if (kind === "decisions") { decisions?.change(v); return; }
          if (kind === "isolation") { isolation?.change(id, v); return; }
          if (kind === "jma") { jma.update(v as JmaSituation | null); return; }
          if (kind === "call-up" || kind === "call-up-district") { callUps?.change(kind, id, v); return; }
          if (kind === "station" && v) {
            applyStation(v as StationPayload);
            draw(id);
          } else if (kind === "sensor-alert") {
            const stationId = id.split("/")[0];
            if (v === null) alerts.delete(id); else alerts.set(id, v as Alert);
            draw(stationId);
            const st = stations.get(stationId);
            note(`${st ? name(st) : stationId} ${id.split("/")[1]} → ${v === null ? t.stage0 : stageName(t, (v as Alert).stage)}`);
          }
          renderLists();
        },
        onApplied: (seq) => { asOf.textContent = `${t.asOf}: ${formatTime(shell.lang, new Date())} (#${seq})`; asOf.dataset.seq = String(seq); },
        onRefused: (e) => { link.dataset.state = "disconnected"; link.textContent = `${t.disconnected}: ${e}`; },
      });
      (window as unknown as { minatoLive: SituationLive }).minatoLive = live;
      await live.start();
    })();
  }
}

async function fitDistrict(map: maplibregl.Map, id: string): Promise<void> {
  const r = await getJson<{ geometry: { coordinates: number[][][][] } }>(`/ogc/collections/districts/items/${encodeURIComponent(id)}`);
  if (!r.ok) return;
  const b = new maplibregl.LngLatBounds();
  for (const poly of r.value.geometry.coordinates) for (const ring of poly) for (const c of ring) b.extend([c[0], c[1]]);
  map.fitBounds(b, { padding: 30, duration: 0 });
}

function sparkline(values: number[]): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("viewBox", "0 0 300 90");
  svg.setAttribute("preserveAspectRatio", "none");
  const max = Math.max(...values), min = Math.min(0, ...values);
  const pts = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * 300},${85 - ((v - min) / Math.max(1e-9, max - min)) * 80}`).join(" ");
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", pts);
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "#0b57d0");
  line.setAttribute("stroke-width", "2");
  svg.append(line);
  return svg;
}

function stageLegend(t: Dict): HTMLElement {
  return el("ul", { class: "plain legend" }, ...[0, 1, 2, 3, 4].map((s) =>
    el("li", {}, el("span", { class: "badge", "data-stage": String(s), text: stageName(t, s) }))),
  el("li", {}, el("span", { class: "badge", "data-offline": "true", text: t.offline })));
}
