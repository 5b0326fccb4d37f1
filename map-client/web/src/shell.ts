import { dict, setLang, type Lang } from "./i18n";

/** The page frame every view fills: a header with the title, link status and language switch; a banner; the map; a panel. */
export interface Shell { lang: Lang; header: HTMLElement; status: HTMLElement; banner: HTMLElement; map: HTMLElement; panel: HTMLElement }

export function createShell(title: string, lang: Lang): Shell {
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
