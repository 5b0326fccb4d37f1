import type { Dict } from "../i18n";
import { el } from "../dom";
import { HazardColours, setGroupVisible, type LayerGroup } from "./map";
import type * as maplibregl from "maplibre-gl";

/** The map's layer switches and the legend of hazard kinds, facilities and emergency routes. */
export function legend(t: Dict, map: maplibregl.Map, extra: HTMLElement[] = []): HTMLElement {
  const toggles = el("div", { class: "toggles" });
  const groups: [LayerGroup, string][] = [["hazards", t.hazardAreas], ["facilities", `${t.shelters} / ${t.evacSites}`], ["roads", t.roads], ["districts", t.districts]];
  for (const [g, label] of groups) {
    const box = el("input", { type: "checkbox", id: `layer-${g}` });
    box.checked = true;
    box.addEventListener("change", () => setGroupVisible(map, g, box.checked));
    toggles.append(el("label", { for: `layer-${g}` }, box, label));
  }
  const items = el("ul", { class: "plain legend" });
  for (const [k, c] of Object.entries(HazardColours)) {
    const sw = el("span", { class: "swatch" });
    sw.style.background = c;
    items.append(el("li", {}, sw, t.hazardKinds[k] ?? k));
  }
  const shelter = el("span", { class: "swatch" }); shelter.style.background = "#0b6e99"; shelter.style.borderRadius = "50%";
  const site = el("span", { class: "swatch" }); site.style.background = "#1b7f3b"; site.style.borderRadius = "50%";
  const water = el("span", { class: "swatch" }); water.style.background = "#00838f"; water.style.borderRadius = "50%";
  const road = el("span", { class: "swatch" }); road.style.background = "#e07b00";
  items.append(el("li", {}, shelter, `${t.shelters} (${t.open}: ●, ${t.closed}: ○)`), el("li", {}, site, t.evacSites),
    el("li", {}, water, t.waterPoints), el("li", {}, road, "緊急輸送道路 / Emergency route"), ...extra);
  return el("section", { id: "legend" }, el("h2", { text: t.layers }), toggles, el("h2", { text: t.legend }), items);
}
