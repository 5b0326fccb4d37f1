import "./styles.css";
import { currentLang, dict, setLang, type Lang } from "./i18n";
import { showPublic } from "./publicView";
import { showSituation } from "./situationView";
import { showShelter } from "./shelterView";
import { showField } from "./fieldView";

// One page, five views chosen by the path: / (public hazard map), /hq, /district/{id}, /shelter/{id}, /field.
export interface Shell { lang: Lang; header: HTMLElement; status: HTMLElement; banner: HTMLElement; map: HTMLElement; panel: HTMLElement }

function shell(title: string, lang: Lang): Shell {
  const t = dict(lang);
  document.documentElement.lang = lang;
  document.title = `${title} — Minato.Gis`;
  const app = document.getElementById("app")!;
  app.innerHTML = "";
  const header = document.createElement("header");
  header.className = "top";
  const h1 = document.createElement("h1");
  h1.textContent = title;
  const status = document.createElement("div");
  status.className = "status";
  const langButton = document.createElement("button");
  langButton.type = "button";
  langButton.id = "lang-switch";
  langButton.textContent = t.switchLang;
  langButton.setAttribute("aria-label", t.switchLangLabel);
  langButton.lang = lang === "ja" ? "en" : "ja";
  langButton.addEventListener("click", () => { setLang(lang === "ja" ? "en" : "ja"); location.reload(); });
  header.append(h1, status, langButton);
  const banner = document.createElement("div");
  banner.setAttribute("role", "status");
  banner.setAttribute("aria-live", "polite");
  const body = document.createElement("main");
  body.className = "body";
  const map = document.createElement("div");
  map.className = "map";
  map.id = "map";
  const panel = document.createElement("aside");
  panel.className = "panel";
  panel.id = "panel";
  panel.tabIndex = -1;
  body.append(map, panel);
  app.append(header, banner, body);
  return { lang, header, status, banner, map, panel };
}

function route(): void {
  const lang = currentLang();
  const t = dict(lang);
  const path = location.pathname.replace(/\/+$/, "") || "/";
  let m: RegExpMatchArray | null;
  if (path === "/field") {
    showField(shell(t.fieldTitle, lang));
  } else if (path === "/hq") {
    showSituation(shell(t.hqTitle, lang), "hq", null);
  } else if ((m = path.match(/^\/district\/([a-z-]+)$/))) {
    showSituation(shell(t.districtTitle, lang), `district:${m[1]}`, m[1]);
  } else if ((m = path.match(/^\/shelter\/([^/]+)$/))) {
    showShelter(shell(t.shelterTitle, lang), decodeURIComponent(m[1]));
  } else {
    showPublic(shell(t.appTitle, lang));
  }
}

route();
