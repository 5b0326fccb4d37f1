import "./checkin.css";
import { el } from "../dom";
import { getJson, problemText } from "../http";
import { takeToken } from "../auth/token";
import { SituationLive } from "../live";
import { renderCard, type EvacueeCard } from "./card";
import { QrScanner } from "./qrScanner";
import { checkinLang, checkinTexts, langSwitcher, type CheckinTexts } from "./texts";

interface Centre { id: string; name: string; headcount: number; households: number; countsSource: string; open: boolean }
interface CheckInResult { evacueeId: number; action: string; name: string; householdSize: number; movedFrom: string | null; centre: Centre; card: EvacueeCard | null }
interface RosterEntry { evacueeId: number; name: string; kana: string; householdSize: number; checkedInAt: string; needs: { language: string | null } }

/**
 * A centre's check-in tablet (/shelter/{id}/checkin, with the centre's, its district HQ's or HQ's token): scan a household's
 * QR with the camera (or type its code) to check it in or out; type walk-ins; the headcount live; the roster on demand.
 */
export function showCheckin(id: string): void {
  const lang = checkinLang();
  const t = checkinTexts(lang);
  document.documentElement.lang = lang;
  document.title = `${t.checkinTitle} — Minato.Gis`;
  const token = takeToken();
  const app = document.getElementById("app")!;
  const title = el("h1", { id: "ci-title", text: t.checkinTitle });
  const main = el("main", { class: "checkin-page", id: "checkin" });
  app.replaceChildren(el("header", { class: "top" }, title, langSwitcher(lang)), main);
  if (!token) { main.append(el("p", { class: "error", text: t.noToken })); return; }

  const counts = el("section", { id: "ci-counts", class: "card", "aria-live": "polite" });
  const renderCounts = (c: Centre): void => {
    title.textContent = `${t.checkinTitle}: ${c.name}`;
    counts.dataset.headcount = String(c.headcount);
    counts.dataset.households = String(c.households);
    counts.replaceChildren(
      el("p", {}, `${t.headcount}: `, el("strong", { id: "ci-headcount", text: String(c.headcount) })),
      el("p", {}, `${t.households}: `, el("strong", { id: "ci-households", text: String(c.households) })),
      el("p", { class: "hint", text: `${t.countsSource}: ${c.countsSource === "check-in" ? t.fromCheckin : t.manual}` }));
  };

  const modeIn = el("input", { type: "radio", name: "ci-mode", id: "ci-mode-in", value: "in", checked: "" });
  const modeOut = el("input", { type: "radio", name: "ci-mode", id: "ci-mode-out", value: "out" });
  const result = el("p", { id: "ci-result", role: "status", "aria-live": "assertive" });
  const video = el("video", { id: "ci-video", muted: "", width: "320", height: "240" });
  const cameraButton = el("button", { type: "button", id: "ci-camera", text: t.startCamera });
  const code = el("input", { id: "ci-code", autocomplete: "off", "aria-label": t.typeCode, placeholder: t.typeCode });
  const codeSend = el("button", { type: "button", id: "ci-code-send", text: t.send });

  const scan = async (text: string): Promise<void> => {
    const action = modeOut.checked ? "checkouts" : "checkins";
    const r = await post(`/api/shelters/${encodeURIComponent(id)}/${action}`, token, { code: text });
    if (!r.ok) { result.dataset.action = "error"; result.textContent = `${t.error}: ${await problemText(r)}`; return; }
    const v = (await r.json()) as CheckInResult;
    showResult(t, result, v);
    renderCounts(v.centre);
  };
  const scanner = new QrScanner(video, (text) => void scan(text));
  cameraButton.addEventListener("click", () => {
    if (scanner.running) { scanner.stop(); cameraButton.textContent = t.startCamera; return; }
    scanner.start().then(() => { cameraButton.textContent = t.stopCamera; },
      (e: unknown) => { result.dataset.action = "error"; result.textContent = `${t.cameraError}: ${String(e)}`; });
  });
  modeIn.addEventListener("change", () => scanner.reset());
  modeOut.addEventListener("change", () => scanner.reset());
  codeSend.addEventListener("click", () => { if (code.value.trim()) void scan(code.value.trim()).then(() => { code.value = ""; }); });

  const roster = el("section", { id: "ci-roster" });
  const loadRoster = el("button", { type: "button", id: "ci-roster-load", class: "secondary", text: t.loadRoster });
  loadRoster.addEventListener("click", () => void showRoster(t, id, token, roster, (c) => renderCounts(c), result));

  main.append(counts,
    el("section", { class: "card" },
      el("fieldset", {}, el("label", {}, modeIn, ` ${t.modeIn}`), el("label", {}, modeOut, ` ${t.modeOut}`)),
      cameraButton, video, el("div", { class: "row" }, code, codeSend), result),
    walkInForm(t, id, token, result, renderCounts),
    el("section", { class: "card" }, el("h2", { text: t.roster }), loadRoster, roster));

  void (async () => {
    const c = await getJson<Centre>(`/api/shelters/${encodeURIComponent(id)}`, token);
    if (!c.ok) { counts.replaceChildren(el("p", { class: "error", text: `${c.status} ${c.detail}` })); return; }
    renderCounts(c.value);
    // The counts change live when another desk (or another centre, by a move) checks someone in or out.
    const live = new SituationLive(`shelter:${id}`, token, {
      onState: () => {},
      onReset: (all) => { const v = all.get(SituationLive.key("shelter", id)); if (v) renderCounts(v as Centre); },
      onChange: (kind, cid, v) => { if (kind === "shelter" && cid === id && v) renderCounts(v as Centre); },
      onApplied: () => {},
      onRefused: () => {},
    });
    await live.start();
  })();
}

function post(url: string, token: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  });
}

function showResult(t: CheckinTexts, result: HTMLElement, v: CheckInResult): void {
  result.dataset.action = v.action;
  const what = v.action === "checked-in" ? t.checkedIn : v.action === "checked-out" ? t.checkedOut : t.already;
  result.textContent = `${what}: ${v.name} (${v.householdSize})${v.movedFrom ? ` · ${t.movedFrom}` : ""}`;
}

function walkInForm(t: CheckinTexts, id: string, token: string, result: HTMLElement, renderCounts: (c: Centre) => void): HTMLElement {
  const name = el("input", { id: "wi-name", required: "", maxlength: "100", "aria-label": t.name, placeholder: t.name });
  const kana = el("input", { id: "wi-kana", required: "", maxlength: "100", "aria-label": t.kana, placeholder: t.kana });
  const address = el("input", { id: "wi-address", maxlength: "200", "aria-label": t.address, placeholder: t.address });
  const members = el("textarea", { id: "wi-members", rows: "3", "aria-label": t.membersLines, placeholder: t.membersLines });
  const consent = el("input", { type: "checkbox", id: "wi-consent" });
  const submit = el("button", { type: "submit", id: "wi-submit", text: t.walkInSubmit });
  const card = el("div", { id: "wi-card" });
  const f = el("form", { id: "wi-form", class: "card" }, el("h2", { text: t.walkIn }), name, kana, address, members,
    el("label", {}, consent, ` ${t.consentYes}`), submit, card);
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = {
      name: name.value, kana: kana.value, address: address.value.trim() || null,
      members: members.value.split("\n").map((l) => l.trim()).filter((l) => l).map((l) => ({ name: l, kana: null })),
      needs: null, consent: consent.checked,
    };
    void (async () => {
      const r = await post(`/api/shelters/${encodeURIComponent(id)}/walk-ins`, token, body);
      if (!r.ok) { result.dataset.action = "error"; result.textContent = `${t.error}: ${await problemText(r)}`; return; }
      const v = (await r.json()) as CheckInResult;
      showResult(t, result, v);
      renderCounts(v.centre);
      if (v.card) card.replaceChildren(renderCard(t, v.card, "wi-printable"));
      f.reset();
    })();
  });
  return f;
}

async function showRoster(t: CheckinTexts, id: string, token: string, into: HTMLElement, renderCounts: (c: Centre) => void,
  result: HTMLElement): Promise<void> {
  const r = await getJson<RosterEntry[]>(`/api/shelters/${encodeURIComponent(id)}/roster`, token);
  if (!r.ok) { into.replaceChildren(el("p", { class: "error", text: `${r.status} ${r.detail}` })); return; }
  const rows = r.value.map((e) => {
    const out = el("button", { type: "button", class: "secondary", text: t.checkOut });
    out.addEventListener("click", () => void (async () => {
      const x = await post(`/api/shelters/${encodeURIComponent(id)}/checkouts`, token, { evacueeId: e.evacueeId });
      if (!x.ok) { result.textContent = `${t.error}: ${await problemText(x)}`; return; }
      const v = (await x.json()) as CheckInResult;
      showResult(t, result, v);
      renderCounts(v.centre);
      row.remove();
    })());
    const row = el("tr", { "data-evacuee": String(e.evacueeId) }, el("td", { text: e.name }), el("td", { text: e.kana }),
      el("td", { text: String(e.householdSize) }), el("td", { text: e.needs.language ?? "" }),
      el("td", { text: new Date(e.checkedInAt).toLocaleString() }), el("td", {}, out));
    return row;
  });
  into.replaceChildren(el("table", {}, el("tbody", {}, ...rows)));
}
