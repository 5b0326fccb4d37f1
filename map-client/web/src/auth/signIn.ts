import type { Shell } from "../shell";
import type { Dict } from "../i18n";
import { el } from "../dom";
import { saveToken } from "./token";

/** The staff sign-in form (paste a token); publicOnly null = no "public data only" choice. */
export function signIn(shell: Shell, t: Dict, done: () => void, publicOnly: (() => void) | null): void {
  const area = el("textarea", { id: "token", "aria-label": t.tokenTitle });
  const go = el("button", { type: "submit", class: "primary", text: t.tokenButton });
  const pub = publicOnly ? el("button", { type: "button", id: "public-only", text: t.publicOnly }) : null;
  const form = el("form", {}, el("h2", { text: t.tokenTitle }), el("p", { class: "hint", text: t.tokenHelp }), area, el("p", { class: "row" }, go, pub));
  form.addEventListener("submit", (e) => { e.preventDefault(); if (area.value.trim()) { saveToken(area.value); done(); } });
  if (pub && publicOnly) pub.addEventListener("click", publicOnly);
  shell.panel.append(form);
  area.focus();
}
