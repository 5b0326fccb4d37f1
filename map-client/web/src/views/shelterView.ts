import type { Shell } from "../shell";
import { dict, formatTime, stageName } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { createMap, maplibregl } from "../map/map";
import { SituationLive } from "../live";
import { takeToken } from "../auth/token";
import { ShelterConsole } from "../panels/shelterConsole";
import { TasksPanel } from "../panels/tasksPanel";
import { renderAlertBanner, type PublicAlert } from "../panels/alertsPanel";
import type { Centre } from "../panels/sheltersPanel";

interface ShelterFeature { id: number | string; geometry: { coordinates: number[] }; properties: { name: string; capacity: number | null; is_open: boolean | null; welfare_shelter: boolean | null } }
interface Alert { stationId: string; measure: string; stage: number; since: string }

/**
 * The evacuation-centre console (tablet layout): this shelter only — its status, its alerts, its map area; with a
 * staff token (the centre's own, or HQ/district) also the editor of its status and its task queue.
 */
export function showShelter(shell: Shell, id: string): void {
  const t = dict(shell.lang);
  const token = takeToken();
  const status = el("section", { id: "shelter-status", "aria-live": "polite" }, el("p", { class: "hint", text: t.loading }));
  const alertList = el("ul", { class: "plain", id: "alert-list" }, el("li", { class: "hint", text: t.noAlerts }));
  shell.panel.append(el("h2", { text: t.shelterStatus }), status, el("h2", { text: t.alerts }), alertList);
  shell.banner.className = "banner calm";
  shell.banner.textContent = t.noAlerts;
  const link = el("span", { class: "link", id: "link-state", "data-state": "connecting", text: t.connecting });
  const asOf = el("span", { class: "asof", id: "as-of", text: `${t.asOf}: ${t.never}` });
  shell.status.append(link, asOf);

  void (async () => {
    const r = await getJson<ShelterFeature>(`/ogc/collections/shelters/items/${encodeURIComponent(id)}`);
    if (!r.ok) { status.replaceChildren(el("p", { class: "error", text: `${t.notFound}: ${id}` })); return; }
    const f = r.value;
    const [lon, lat] = f.geometry.coordinates;
    const map = createMap(shell.map, { zoom: 16, center: [lon, lat] });
    new maplibregl.Marker({ element: el("div", { class: "pin", title: f.properties.name }) }).setLngLat([lon, lat]).addTo(map);
    status.replaceChildren(el("div", { class: "card", "data-shelter-id": String(f.id) },
      el("strong", { id: "shelter-name", text: f.properties.name }),
      // With a staff token the console below shows the operating state; the map data's flag is only a default.
      el("div", { text: `${token ? "" : `${f.properties.is_open ? t.open : t.closed} · `}${f.properties.capacity ? `${t.capacity} ${f.properties.capacity}` : ""}` })));

    // Staff: the console (status editor) and the task queue of this centre.
    const staffConsole = token ? new ShelterConsole(t, shell.lang, token, id) : null;
    let district: string | null = null;
    const tasks = token ? new TasksPanel(t, shell.lang, token, { kind: "shelter", id }, () => district, (sid, kind) => (kind === "shelter" && sid === id ? f.properties.name : undefined)) : null;
    if (staffConsole && tasks) {
      shell.panel.insertBefore(staffConsole.section, shell.panel.children[2] ?? null);
      shell.panel.append(tasks.section);
      void staffConsole.load().then((c) => { district = c?.district ?? null; });
      void tasks.load();
    }

    const scope = token ? `shelter:${id}` : "public";
    const alerts = new Map<string, Alert>();
    const resident = new Map<string, PublicAlert>();
    const render = (): void => {
      const list = [...alerts.values()].filter((a) => a.measure !== "offline").sort((a, b) => b.stage - a.stage);
      alertList.replaceChildren(...(list.length === 0 ? [el("li", { class: "hint", text: t.noAlerts })]
        : list.map((a) => el("li", {}, el("span", { class: "badge", "data-stage": String(a.stage), text: stageName(t, a.stage) }), ` ${a.stationId} ${a.measure} · ${formatTime(shell.lang, a.since)}`))));
      if (list.length === 0) { shell.banner.className = "banner calm"; shell.banner.textContent = t.noAlerts; }
      else { shell.banner.className = `banner s${Math.min(4, list[0].stage)}`; shell.banner.textContent = `⚠ ${t.alerts} (${list.length})`; }
      // Resident alerts (evacuation information) for this centre's area outrank sensor stages in the banner.
      renderAlertBanner(shell.banner, t, shell.lang, resident.values());
    };
    const live = new SituationLive(scope, token, {
      onState: (s) => { link.dataset.state = s; link.textContent = t[s]; },
      onReset: (all) => {
        alerts.clear(); resident.clear();
        for (const [k, v] of all) {
          if (k.startsWith("sensor-alert\u0000")) alerts.set(k, v as Alert);
          else if (k.startsWith("public-alert\u0000")) resident.set(k, v as PublicAlert);
          else if (k === SituationLive.key("shelter", id) && staffConsole) staffConsole.change(v as Centre);
        }
        tasks?.reset(all);
        render();
      },
      onChange: (kind, cid, v) => {
        if (kind === "task") { tasks?.change(cid, v); return; }
        if (kind === "shelter") { if (cid === id && v && staffConsole) staffConsole.change(v as Centre); return; }
        const k = SituationLive.key(kind, cid);
        if (kind === "public-alert") { if (v === null) resident.delete(k); else resident.set(k, v as PublicAlert); render(); return; }
        if (kind !== "sensor-alert") return;
        if (v === null) alerts.delete(k); else alerts.set(k, v as Alert);
        render();
      },
      onApplied: (seq) => { asOf.textContent = `${t.asOf}: ${formatTime(shell.lang, new Date())} (#${seq})`; },
      onRefused: (e) => { link.dataset.state = "disconnected"; link.textContent = `${t.disconnected}: ${e}`; },
    });
    await live.start();
  })();
}
