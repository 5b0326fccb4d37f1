import * as maplibregl from "maplibre-gl";
import type { StyleSpecification, LayerSpecification } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";

// The base map is our own vector tiles (one combined tile per position: see /tiles/{a,b,c}.json), so the map works
// with no internet. No symbol text layers: labels are HTML markers, so no glyph server is needed.
// The map footer (MapLibre's attribution control) shows the credits the TileJSON carries: each layer's source and licence
// (国土数値情報, 国土地理院, 東京都オープンデータ) and DEMO / 架空 for the made-up layers.
export const TileLayers = ["boundary", "districts", "roads", "hazard-areas", "shelters", "evacuation-sites", "water-points"] as const;
export const WardCentre: [number, number] = [139.7454, 35.6486];

export const HazardColours: Record<string, string> = {
  flood: "#1f6fd1",
  inland_flood: "#4fa3e0",
  storm_surge: "#5b3fb5",
  tsunami: "#0b8a8a",
  landslide: "#b35a00",
  liquefaction: "#8d6e63",
};

export type LayerGroup = "hazards" | "roads" | "facilities" | "districts";

const groups: Record<LayerGroup, string[]> = {
  hazards: ["hazard-fill", "hazard-line"],
  roads: ["roads-line", "roads-emergency", "roads-blocked"],
  facilities: ["shelters-circle", "evac-circle", "water-circle"],
  districts: ["districts-line"],
};

function hazardFill(): unknown[] {
  const m: unknown[] = ["match", ["get", "kind"]];
  for (const [k, c] of Object.entries(HazardColours)) m.push(k, c);
  m.push("#888888");
  return m;
}

/** GSI's pale base map (地理院タイル 淡色地図), off by default: the map must work with no internet. On with ?basemap=gsi (kept). */
export function externalBaseMap(): boolean {
  const q = new URLSearchParams(location.search).get("basemap");
  if (q !== null) localStorage.setItem("minato.basemap", q);
  return localStorage.getItem("minato.basemap") === "gsi";
}

export function buildStyle(origin: string, gsi = externalBaseMap()): StyleSpecification {
  const layers: LayerSpecification[] = [
    { id: "background", type: "background", paint: { "background-color": "#eef0f2" } },
    ...(gsi ? [{ id: "gsi", type: "raster", source: "gsi" } as LayerSpecification] : []),
    { id: "boundary-fill", type: "fill", source: "minato", "source-layer": "boundary", paint: { "fill-color": "#fbfbf8", "fill-opacity": gsi ? 0.35 : 1 } },
    {
      id: "hazard-fill", type: "fill", source: "minato", "source-layer": "hazard-areas",
      paint: { "fill-color": hazardFill() as never, "fill-opacity": ["interpolate", ["linear"], ["get", "rank"], 1, 0.16, 4, 0.42] as never },
    },
    { id: "hazard-line", type: "line", source: "minato", "source-layer": "hazard-areas", paint: { "line-color": hazardFill() as never, "line-width": 0.8, "line-opacity": 0.6 } },
    {
      id: "roads-line", type: "line", source: "minato", "source-layer": "roads",
      paint: { "line-color": "#b9bec5", "line-width": ["interpolate", ["linear"], ["zoom"], 12, 0.6, 17, 4] as never },
    },
    {
      id: "roads-emergency", type: "line", source: "minato", "source-layer": "roads", filter: ["==", ["get", "emergency_route"], true],
      paint: { "line-color": "#e07b00", "line-width": ["interpolate", ["linear"], ["zoom"], 12, 1.2, 17, 6] as never },
    },
    {
      id: "roads-blocked", type: "line", source: "minato", "source-layer": "roads", filter: ["==", ["get", "blocked"], true],
      paint: { "line-color": "#c62828", "line-width": 3, "line-dasharray": [1, 1] },
    },
    { id: "districts-line", type: "line", source: "minato", "source-layer": "districts", paint: { "line-color": "#55606e", "line-width": 1.4, "line-dasharray": [3, 2] } },
    { id: "boundary-line", type: "line", source: "minato", "source-layer": "boundary", paint: { "line-color": "#20262e", "line-width": 2.2 } },
    {
      id: "evac-circle", type: "circle", source: "minato", "source-layer": "evacuation-sites",
      paint: { "circle-color": "#1b7f3b", "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 3, 17, 7] as never, "circle-stroke-color": "#fff", "circle-stroke-width": 1 },
    },
    {
      id: "water-circle", type: "circle", source: "minato", "source-layer": "water-points",
      paint: { "circle-color": "#00838f", "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 3, 17, 7] as never, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 },
    },
    {
      id: "shelters-circle", type: "circle", source: "minato", "source-layer": "shelters",
      paint: {
        "circle-color": ["case", ["==", ["get", "is_open"], true], "#0b6e99", "#ffffff"] as never,
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 4, 17, 9] as never,
        "circle-stroke-color": "#0b6e99", "circle-stroke-width": 2,
      },
    },
  ];
  return {
    version: 8,
    sources: {
      minato: { type: "vector", url: `${origin}/tiles/${TileLayers.join(",")}.json` },
      ...(gsi ? { gsi: {
        type: "raster", tiles: ["https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"], tileSize: 256, maxzoom: 18,
        attribution: "<a href=\"https://maps.gsi.go.jp/development/ichiran.html\">地理院タイル</a>",
      } } : {}),
    },
    layers,
  };
}

// The worker is shipped beside the bundle by vite.config.ts (maplibreWorker); the query busts caches on upgrades.
export const WorkerUrl = `/assets/maplibre-gl-worker.mjs?v=${maplibregl.getVersion()}`;
maplibregl.setWorkerUrl(WorkerUrl);

export function createMap(container: HTMLElement, opts: { zoom?: number; center?: [number, number] } = {}): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: buildStyle(location.origin),
    center: opts.center ?? WardCentre,
    zoom: opts.zoom ?? 13,
    minZoom: 10,
    maxZoom: 18,
    attributionControl: { compact: true },
    keyboard: true,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "bottom-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  // The credits are many (each layer's source and licence): expanded on a phone they cover the middle of the map and eat
  // taps, so the compact footer starts folded; its ⓘ button opens it.
  const fold = (): void => {
    const attrib = container.querySelector(".maplibregl-ctrl-attrib");
    attrib?.classList.remove("maplibregl-compact-show");
    attrib?.removeAttribute("open");
  };
  map.once("load", fold);
  map.once("idle", fold);
  (window as unknown as { minatoMap: maplibregl.Map }).minatoMap = map; // for the end-to-end tests
  return map;
}

export interface FacilityLabels { open: string; closed: string; capacity: string; shelter: string; site: string }

/** A shelter or evacuation site under a click: its gis.facilities id (the tile feature id) and tile properties. */
export interface ClickedFacility { id: number; name: string; properties: Record<string, unknown> }

export interface FacilityPopupOptions {
  /** While it answers true, map clicks are meant for something else (picking a route's start) and open no popup. */
  suppressed?: () => boolean;
  /** Extra content under one facility's line (the public map's 「ここへの経路」); `close` closes the popup. */
  action?: (facility: ClickedFacility, close: () => void) => Node | null;
}

/**
 * Click (or tap) a shelter or evacuation site: one popup with its name, kind, capacity and open state. A shelter and the
 * emergency site of the same facility (GSI 共通ID) share one point, so every facility under the click is one line of
 * the same popup.
 */
export function facilityPopups(map: maplibregl.Map, t: FacilityLabels, options: FacilityPopupOptions = {}): void {
  const layers = ["shelters-circle", "evac-circle"];
  map.on("click", (e) => {
    if (options.suppressed?.()) return;
    const hits = map.queryRenderedFeatures(e.point, { layers: layers.filter((l) => map.getLayer(l)) });
    if (hits.length === 0) return;
    const box = document.createElement("div");
    box.className = "facility-popup";
    const first = (hits[0].properties as { name?: string }).name ?? "";
    const title = document.createElement("strong");
    title.textContent = first;
    box.append(title);
    const seen = new Set<string>();
    for (const f of hits) {
      const p = f.properties as { name?: string; capacity?: number; is_open?: boolean };
      const shelter = f.layer.id === "shelters-circle";
      const key = `${f.layer.id}|${p.name ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const info = document.createElement("div");
      info.textContent = `${p.name && p.name !== first ? `${p.name}: ` : ""}${shelter ? t.shelter : t.site}`
        + `${p.capacity ? ` · ${t.capacity} ${p.capacity}` : ""}${shelter ? ` · ${p.is_open ? t.open : t.closed}` : ""}`;
      box.append(info);
      const id = Number(f.id);
      const extra = options.action && Number.isFinite(id)
        ? options.action({ id, name: p.name ?? "", properties: f.properties as Record<string, unknown> }, () => popup.remove()) : null;
      if (extra) box.append(extra);
    }
    const popup = new maplibregl.Popup({ closeButton: true, maxWidth: "18rem" }).setLngLat(e.lngLat).setDOMContent(box);
    popup.addTo(map);
  });
  for (const layer of layers) {
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  }
}

export function setGroupVisible(map: maplibregl.Map, group: LayerGroup, visible: boolean): void {
  for (const id of groups[group]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
  }
}

export { maplibregl };
