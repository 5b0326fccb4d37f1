import type { Shell } from "../shell";
import { dict, formatTime } from "../i18n";
import { el } from "../dom";
import { createMap, maplibregl, WardCentre } from "../map/map";
import { SituationLive } from "../live";
import { takeToken } from "../auth/token";
import { signIn } from "../auth/signIn";
import { StayFacilityConsole } from "../panels/stayFacilityConsole";
import { TasksPanel } from "../panels/tasksPanel";
import type { StayFacility } from "../panels/stayFacilitiesPanel";

/**
 * The temporary-stay facility console (/facility/{id}, tablet layout) for its staff (a token of role facility with its
 * claim, or HQ): the facility's status editor and the instructions addressed to it (open / close from HQ; 完了 completes
 * one, and the server changes the status). Everything comes from the live scope facility:{id} (kinds `stay-facility`,
 * `task`) and GET /api/tasks; there is no public view of it (the public page is /s/{station}).
 */
export function showFacility(shell: Shell, id: string): void {
  const t = dict(shell.lang);
  const token = takeToken();
  if (!token) { signIn(shell, t, () => location.reload(), null); return; }
  const link = el("span", { class: "link", id: "link-state", "data-state": "connecting", text: t.connecting });
  const asOf = el("span", { class: "asof", id: "as-of", text: `${t.asOf}: ${t.never}` });
  shell.status.append(link, asOf);
  shell.banner.className = "banner calm";
  shell.banner.textContent = t.stayFacilityTitle;

  const map = createMap(shell.map, { zoom: 13, center: WardCentre });
  let marker: maplibregl.Marker | null = null;
  const staffConsole = new StayFacilityConsole(t, shell.lang, token, id);
  const tasks = new TasksPanel(t, shell.lang, token, { kind: "facility", id }, () => null,
    (fid, kind) => (kind === "facility" && fid === id ? staffConsole.facility?.name : undefined), true);
  shell.panel.append(el("h2", { text: t.stayTitle }), staffConsole.section, tasks.section);
  void tasks.load();

  const place = (f: StayFacility): void => {
    staffConsole.change(f);
    if (marker) return;
    const [lon, lat] = f.location.coordinates;
    marker = new maplibregl.Marker({ element: el("div", { class: "pin", title: f.name }) }).setLngLat([lon, lat]).addTo(map);
    map.jumpTo({ center: [lon, lat], zoom: 16 });
  };
  const live = new SituationLive(`facility:${id}`, token, {
    onState: (s) => { link.dataset.state = s; link.textContent = t[s]; },
    onReset: (all) => {
      const f = all.get(SituationLive.key("stay-facility", id));
      if (f) place(f as StayFacility);
      tasks.reset(all);
    },
    onChange: (kind, cid, v) => {
      if (kind === "task") tasks.change(cid, v);
      else if (kind === "stay-facility" && cid === id && v) place(v as StayFacility);
    },
    onApplied: (seq) => { asOf.textContent = `${t.asOf}: ${formatTime(shell.lang, new Date())} (#${seq})`; asOf.dataset.seq = String(seq); },
    onRefused: (e) => { link.dataset.state = "disconnected"; link.textContent = `${t.disconnected}: ${e}`; },
  });
  void live.start();
}
