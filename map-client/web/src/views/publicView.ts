import type { Shell } from "../shell";
import { dict, formatTime } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { createMap, facilityPopups, maplibregl, HazardColours, type ClickedFacility } from "../map/map";
import { SituationLive } from "../live";
import { legend } from "../map/legend";
import { crowdingBadge, crowdingLayer, type PublicCentre } from "../panels/sheltersPanel";
import { renderAlertBanner, type PublicAlert } from "../panels/alertsPanel";
import { JmaBanner, type JmaSituation } from "../panels/jmaBanner";
import { devicePosition, RouteHazards, routeHazard, routeLayer, showEvacuationRoute } from "../map/routeLayer";

interface Hazard { kind: string; kindJa: string; kindEn: string; rank: number; rankLabel: string; depthMinM: number | null; depthMaxM: number | null }
interface Site { name: string; capacity: number | null; lon: number; lat: number; distanceMetres: number }
interface Group { hazard: string; suitability: string; isFallback: boolean; sites: Site[] }
interface Report {
  location: { lon: number; lat: number; districtId: string | null; districtNameJa: string | null; districtNameEn: string | null };
  hazards: Hazard[];
  nearestBoring: { name: string; distanceMetres: number; groundElevationM: number | null; totalDepthM: number | null } | null;
  evacuation: Group[];
}
interface Place { name: string; lon: number; lat: number }

export function showPublic(shell: Shell): void {
  const t = dict(shell.lang);
  const map = createMap(shell.map, { zoom: 13 });
  // While a site's route waits for a start point clicked on the map, that click is the start: no popup, no report.
  let pickStart: ((at: { lon: number; lat: number }) => void) | null = null;
  facilityPopups(map, { open: t.open, closed: t.closed, capacity: t.capacity, shelter: t.shelters, site: t.evacSites },
    { suppressed: () => pickStart !== null, action: (f, close) => siteRouteControls(f, close) });
  const markers: maplibregl.Marker[] = [];
  const pin = new maplibregl.Marker({ element: el("div", { class: "pin", "aria-hidden": "true" }) });
  const drawRoute = routeLayer(map);
  const siteRoute = el("section", { id: "site-route", "aria-live": "polite" });

  shell.banner.className = "banner calm";
  shell.banner.id = "public-alerts";
  shell.banner.textContent = t.noAlerts;
  const jma = new JmaBanner(shell.lang, map, shell.banner);

  const input = el("input", { id: "search", type: "search", placeholder: t.searchPlaceholder, list: "places", autocomplete: "off", "aria-label": t.searchLabel });
  const datalist = el("datalist", { id: "places" });
  const error = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "search", role: "search" },
    el("label", { for: "search", text: t.searchLabel }),
    el("div", { class: "row" }, input, el("button", { type: "submit", class: "primary", text: t.searchButton })), datalist, error);
  const centre = el("button", { type: "button", id: "check-centre", text: t.useCentre });
  const report = el("section", { id: "report", "aria-live": "polite" }, el("p", { class: "hint", text: t.tapHint }));
  shell.panel.append(form, el("p", {}, centre), siteRoute, report, legend(t, map), el("p", { class: "hint", text: t.demoNote }));

  const places: Place[] = [];
  void (async () => {
    for (const c of ["evacuation-sites", "shelters"]) {
      const r = await getJson<{ features: { geometry: { coordinates: number[] }; properties: { name: string } }[] }>(`/ogc/collections/${c}/items?limit=2000`);
      if (!r.ok) continue;
      for (const f of r.value.features) {
        if (!f.properties.name || places.some((p) => p.name === f.properties.name)) continue;
        places.push({ name: f.properties.name, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
        datalist.append(el("option", { value: f.properties.name }));
      }
    }
  })();

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    error.textContent = "";
    const q = input.value.trim();
    const coords = q.match(/^(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)$/);
    if (coords) {
      let a = Number(coords[1]), b = Number(coords[2]);
      if (a > 90) [a, b] = [b, a]; // accept lon,lat too
      void show(b, a);
      return;
    }
    const hit = places.find((p) => p.name === q) ?? places.find((p) => p.name.includes(q));
    if (!q || !hit) { error.textContent = t.notFound; return; }
    void show(hit.lon, hit.lat);
  });
  centre.addEventListener("click", () => { const c = map.getCenter(); void show(c.lng, c.lat); });
  map.on("click", (e) => {
    if (pickStart) { const picked = pickStart; pickStart = null; picked({ lon: e.lngLat.lng, lat: e.lngLat.lat }); return; }
    void show(e.lngLat.lng, e.lngLat.lat);
  });

  // 「ここへの経路 / Route there」 in a site's popup: a hazard (the site's own first, ✓ where it is designated) and a button
  // that routes from the device's position — or, refused or unavailable, from a point the user clicks on the map.
  function siteRouteControls(f: ClickedFacility, close: () => void): Node {
    const suits = (flag: string): boolean => f.properties[flag] === true
      || (flag === "suits_inland_flood" && f.properties.suits_flood === true);
    const select = el("select", { class: "route-hazard", "aria-label": t.routeHazardLabel });
    for (const h of RouteHazards) {
      select.append(el("option", { value: h.hazard, text: `${suits(h.flag) ? "✓ " : ""}${t.hazardKinds[h.hazard] ?? h.hazard}` }));
    }
    select.value = RouteHazards.find((h) => suits(h.flag))?.hazard ?? "earthquake";
    const button = el("button", { type: "button", class: "route-there-site", "data-site-id": String(f.id), text: t.routeThere });
    button.addEventListener("click", () => { close(); void routeToSite(f, select.value); });
    return el("div", { class: "row" }, select, button);
  }

  async function routeToSite(f: ClickedFacility, hazard: string): Promise<void> {
    pickStart = null;
    drawRoute([]);
    report.querySelector("#route")?.replaceChildren(); // one route panel at a time (their ids are shared)
    const title = el("h2", { text: `${t.routeTitle}: ${f.name}` });
    siteRoute.replaceChildren(title, el("p", { class: "hint", text: t.routeLocating }));
    siteRoute.scrollIntoView({ block: "nearest" });
    const mode = (document.getElementById("route-wheelchair") as HTMLInputElement | null)?.checked ? "wheelchair" : "walk";
    const go = (from: { lon: number; lat: number }): void => {
      pin.setLngLat([from.lon, from.lat]).addTo(map);
      void showEvacuationRoute(map, drawRoute, siteRoute, t, from, hazard, mode, f.id);
    };
    const here = await devicePosition();
    if (here) { go(here); return; }
    const cancel = el("button", { type: "button", text: t.routePickCancel });
    cancel.addEventListener("click", () => { pickStart = null; siteRoute.replaceChildren(); });
    siteRoute.replaceChildren(title, el("p", { class: "pick-start", id: "route-pick-start", role: "status", text: t.routePickStart }),
      el("p", {}, cancel));
    map.getCanvas().style.cursor = "crosshair";
    pickStart = (at) => { map.getCanvas().style.cursor = ""; go(at); };
  }

  async function show(lon: number, lat: number): Promise<void> {
    pin.setLngLat([lon, lat]).addTo(map);
    for (const m of markers.splice(0)) m.remove();
    drawRoute([]);
    siteRoute.replaceChildren();
    report.replaceChildren(el("p", { class: "hint", text: t.loading }));
    const r = await getJson<Report>(`/api/hazards/at?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`);
    if (!r.ok) {
      report.replaceChildren(el("h2", { text: t.reportTitle }),
        el("p", { class: "error", text: r.status === 422 ? `${t.outside}: ${r.detail}` : `${t.errorPrefix} ${r.status}: ${r.detail}` }));
      return;
    }
    const rep = r.value;
    const district = shell.lang === "ja" ? rep.location.districtNameJa : rep.location.districtNameEn;
    const items: Node[] = [
      el("h2", { text: t.reportTitle }),
      el("p", { class: "hint", text: `${lat.toFixed(5)}, ${lon.toFixed(5)}${district ? ` — ${t.district}: ${district}` : ""}` }),
    ];
    if (rep.hazards.length === 0) items.push(el("p", { id: "no-hazard", text: t.noHazard }));
    const list = el("ul", { class: "plain", id: "hazards" });
    for (const h of rep.hazards) {
      const li = el("li", { class: "hazard", "data-kind": h.kind },
        el("strong", { text: shell.lang === "ja" ? h.kindJa : h.kindEn }), " ", el("span", { text: h.rankLabel }));
      li.style.borderLeftColor = HazardColours[h.kind] ?? "#888";
      list.append(li);
    }
    items.push(list);
    // 「ここへの経路 / Route there」: the walking route to the nearest suitable open site, per hazard of this point.
    const routeBox = el("section", { id: "route", "aria-live": "polite" });
    const wheelchair = el("input", { type: "checkbox", id: "route-wheelchair" });
    const routeButton = (hazard: string): HTMLButtonElement => {
      const b = el("button", { type: "button", class: "route-there", "data-hazard": hazard,
        text: `${t.routeThere}（${t.hazardKinds[hazard] ?? hazard}）` });
      b.addEventListener("click", () => void showEvacuationRoute(map, drawRoute, routeBox, t, { lon, lat }, hazard,
        wheelchair.checked ? "wheelchair" : "walk"));
      return b;
    };
    items.push(el("p", {}, el("label", { for: "route-wheelchair" }, wheelchair, ` ${t.routeWheelchairLabel}`)), routeBox);
    if (rep.evacuation.length === 0) items.push(el("p", {}, routeButton("earthquake")));
    let n = 0;
    for (const g of rep.evacuation) {
      const kind = t.hazardKinds[g.hazard] ?? g.hazard;
      items.push(el("h2", { text: `${t.nearestSites}（${kind}）` }), el("p", {}, routeButton(routeHazard(g.hazard))));
      if (g.isFallback) items.push(el("p", { class: "hint", text: t.fallback }));
      const ul = el("ul", { class: "plain sites" });
      for (const s of g.sites) {
        n++;
        const label = String(n);
        const b = el("button", { type: "button" }, el("span", { text: `${label}. ${s.name}` }),
          el("span", { class: "value", text: `${Math.round(s.distanceMetres)} ${t.metres}` }));
        b.title = s.capacity ? `${t.capacity} ${s.capacity}` : s.name;
        b.addEventListener("click", () => map.flyTo({ center: [s.lon, s.lat], zoom: 16 }));
        ul.append(el("li", {}, b));
        markers.push(new maplibregl.Marker({ element: el("div", { class: "site-marker", text: label, title: s.name }) }).setLngLat([s.lon, s.lat]).addTo(map));
      }
      items.push(ul);
    }
    if (rep.nearestBoring) {
      const b = rep.nearestBoring;
      items.push(el("p", { class: "hint", text: `${t.boring}: ${b.name} (${Math.round(b.distanceMetres)} ${t.metres})` }));
    }
    report.replaceChildren(...items);
  }

  // Open evacuation centres coloured by crowding (public projection: name and crowding only).
  const centres = new Map<string, PublicCentre>();
  const openList = el("ul", { class: "plain", id: "open-shelters" });
  const crowdingKey = el("ul", { class: "plain legend", id: "crowding-legend" }, ...["vacant", "somewhat-crowded", "crowded", "full"].map((c) =>
    el("li", {}, crowdingBadge(t, shell.lang, c))));
  report.after(el("section", { id: "open-centres" }, el("h2", { text: t.openCentres }), openList, el("p", { class: "hint", text: t.crowding }), crowdingKey));
  const drawCentres = crowdingLayer(map, "public-shelters", (id, at) => {
    const c = centres.get(id);
    if (!c) return;
    new maplibregl.Popup({ maxWidth: "18rem" }).setLngLat(at).setDOMContent(el("div", { class: "facility-popup" },
      el("strong", { text: c.properties.name }), el("div", {}, crowdingBadge(t, shell.lang, c.properties.crowding, c.properties.crowdingLabel)))).addTo(map);
  });
  const renderCentres = (): void => {
    const list = [...centres.values()].sort((a, b) => a.properties.name.localeCompare(b.properties.name, "ja"));
    drawCentres(list.map((c) => ({ type: "Feature", properties: { id: c.properties.id, crowding: c.properties.crowding }, geometry: c.geometry })));
    openList.replaceChildren(...(list.length === 0 ? [el("li", { class: "hint", text: t.noCentres })] : list.map((c) => {
      const b = el("button", { type: "button" }, crowdingBadge(t, shell.lang, c.properties.crowding, c.properties.crowdingLabel), ` ${c.properties.name}`);
      b.addEventListener("click", () => map.flyTo({ center: c.geometry.coordinates, zoom: 16 }));
      return el("li", { "data-shelter-id": c.properties.id, "data-crowding": c.properties.crowding }, b);
    })));
  };
  void (async () => {
    const r = await getJson<{ features: PublicCentre[] }>("/api/public/shelters");
    if (!r.ok) return;
    for (const f of r.value.features) if (!centres.has(f.properties.id)) centres.set(f.properties.id, f);
    renderCentres();
  })();

  // Public alerts, live (scope "public": sensor alerts and resident alerts, no personal data).
  const alerts = new Map<string, { stationId: string; measure: string; stage: number; stageName: string; since: string }>();
  const resident = new Map<string, PublicAlert>();
  const render = (): void => {
    const list = [...alerts.values()].filter((a) => a.measure !== "offline").sort((a, b) => b.stage - a.stage);
    if (list.length === 0) { shell.banner.className = "banner calm"; shell.banner.textContent = t.noAlerts; }
    else {
      shell.banner.className = `banner s${Math.min(4, list[0].stage)}`;
      shell.banner.replaceChildren(el("span", { text: `${t.publicAlerts}:` }),
        ...list.map((a) => el("span", { class: "item", text: `${a.stationId} ${a.measure} — ${a.stageName} (${formatTime(shell.lang, a.since)})` })));
    }
    // Resident alerts (evacuation information) outrank sensor stages.
    renderAlertBanner(shell.banner, t, shell.lang, resident.values());
  };
  void (async () => {
    const r = await getJson<PublicAlert[]>("/api/public-alerts?active=true");
    if (!r.ok) return;
    for (const a of r.value) { const k = SituationLive.key("public-alert", String(a.id)); if (!resident.has(k)) resident.set(k, a); }
    render();
  })();
  const live = new SituationLive("public", null, {
    onState: () => {},
    onReset: (all) => {
      alerts.clear(); resident.clear(); centres.clear(); // the snapshot is the whole public state
      for (const [k, v] of all) {
        if (k.startsWith("sensor-alert\u0000")) alerts.set(k, v as never);
        else if (k.startsWith("public-alert\u0000")) resident.set(k, v as PublicAlert);
        else if (k.startsWith("shelter\u0000")) centres.set(k.slice("shelter\u0000".length), v as PublicCentre);
      }
      jma.update((all.get(SituationLive.key("jma", "minato")) as JmaSituation | undefined) ?? null);
      renderCentres();
      render();
    },
    onChange: (kind, id, v) => {
      const k = SituationLive.key(kind, id);
      if (kind === "shelter") { if (v === null) centres.delete(id); else centres.set(id, v as PublicCentre); renderCentres(); return; }
      if (kind === "public-alert") { if (v === null) resident.delete(k); else resident.set(k, v as PublicAlert); render(); return; }
      if (kind === "jma") { jma.update(v as JmaSituation | null); return; }
      if (kind !== "sensor-alert") return;
      if (v === null) alerts.delete(k); else alerts.set(k, v as never);
      render();
    },
    onApplied: () => {},
    onRefused: () => {},
  });
  void live.start();
}
