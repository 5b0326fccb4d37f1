import type { Shell } from "./main";
import { dict, formatTime, stageName } from "./i18n";
import { el, getJson } from "./dom";
import { createMap, maplibregl } from "./map";
import { SituationLive } from "./live";
import { takeToken } from "./token";

interface ShelterFeature { id: number | string; geometry: { coordinates: number[] }; properties: { name: string; capacity: number | null; is_open: boolean | null; welfare_shelter: boolean | null } }
interface Alert { stationId: string; measure: string; stage: number; since: string }

/** The evacuation-centre console (tablet layout): this shelter only — its status, its alerts, its map area. */
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
      el("div", { text: `${f.properties.is_open ? t.open : t.closed}${f.properties.capacity ? ` · ${t.capacity} ${f.properties.capacity}` : ""}` })));

    const scope = token ? `shelter:${id}` : "public";
    const alerts = new Map<string, Alert>();
    const render = (): void => {
      const list = [...alerts.values()].filter((a) => a.measure !== "offline").sort((a, b) => b.stage - a.stage);
      alertList.replaceChildren(...(list.length === 0 ? [el("li", { class: "hint", text: t.noAlerts })]
        : list.map((a) => el("li", {}, el("span", { class: "badge", "data-stage": String(a.stage), text: stageName(t, a.stage) }), ` ${a.stationId} ${a.measure} · ${formatTime(shell.lang, a.since)}`))));
      if (list.length === 0) { shell.banner.className = "banner calm"; shell.banner.textContent = t.noAlerts; }
      else { shell.banner.className = `banner s${Math.min(4, list[0].stage)}`; shell.banner.textContent = `⚠ ${t.alerts} (${list.length})`; }
    };
    const live = new SituationLive(scope, token, {
      onState: (s) => { link.dataset.state = s; link.textContent = t[s]; },
      onReset: (all) => { alerts.clear(); for (const [k, v] of all) if (k.startsWith("sensor-alert\u0000")) alerts.set(k, v as Alert); render(); },
      onChange: (kind, cid, v) => { if (kind !== "sensor-alert") return; const k = SituationLive.key(kind, cid); if (v === null) alerts.delete(k); else alerts.set(k, v as Alert); render(); },
      onApplied: (seq) => { asOf.textContent = `${t.asOf}: ${formatTime(shell.lang, new Date())} (#${seq})`; },
      onRefused: (e) => { link.dataset.state = "disconnected"; link.textContent = `${t.disconnected}: ${e}`; },
    });
    await live.start();
  })();
}
