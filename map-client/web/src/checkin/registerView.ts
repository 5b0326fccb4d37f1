import "./checkin.css";
import { el } from "../dom";
import { problemText } from "../http";
import { renderCard, type EvacueeCard } from "./card";
import { checkinLang, checkinTexts, langSwitcher, type CheckinTexts } from "./texts";

const TokenKey = "minato.evacuee.token";

/**
 * The public registration page (/register): a household registers once and gets its QR card. The token is kept on this
 * phone (localStorage) so the card can be shown again; the card is fetched with the token in a POST body, never a URL.
 */
export function showRegister(): void {
  const lang = checkinLang();
  const t = checkinTexts(lang);
  document.documentElement.lang = lang;
  document.title = `${t.registerTitle} — Minato.Gis`;
  const app = document.getElementById("app")!;
  const main = el("main", { class: "checkin-page", id: "register" });
  app.replaceChildren(el("header", { class: "top" }, el("h1", { text: `港区 ${t.registerTitle}` }), langSwitcher(lang)), main);

  const kept = localStorage.getItem(TokenKey);
  if (kept) void showKept(t, main, kept);
  else main.append(form(t, main));
}

async function showKept(t: CheckinTexts, main: HTMLElement, token: string): Promise<void> {
  const r = await fetch("/api/public/evacuees/card", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }),
  });
  if (!r.ok) { localStorage.removeItem(TokenKey); main.replaceChildren(form(t, main)); return; }
  showCard(t, main, (await r.json()) as EvacueeCard);
}

function showCard(t: CheckinTexts, main: HTMLElement, card: EvacueeCard): void {
  const forget = el("button", { type: "button", id: "reg-forget", class: "secondary", text: t.forget });
  forget.addEventListener("click", () => { localStorage.removeItem(TokenKey); main.replaceChildren(form(t, main)); });
  main.replaceChildren(renderCard(t, card, "reg-card"), forget);
  document.getElementById("app")!.scrollTop = 0; // the card from its top, not where the form's button was
}

function field(label: string, input: HTMLElement): HTMLElement {
  return el("label", { class: "field" }, el("span", { text: label }), input);
}

function count(id: string): HTMLInputElement {
  return el("input", { id, type: "number", min: "0", max: "20", value: "0", inputmode: "numeric" });
}

function form(t: CheckinTexts, main: HTMLElement): HTMLElement {
  const name = el("input", { id: "reg-name", required: "", maxlength: "100", autocomplete: "name" });
  const kana = el("input", { id: "reg-kana", required: "", maxlength: "100" });
  const address = el("input", { id: "reg-address", maxlength: "200", autocomplete: "street-address" });
  const members = el("div", { id: "reg-members" });
  const addMember = el("button", { type: "button", id: "reg-add-member", class: "secondary", text: t.addMember });
  addMember.addEventListener("click", () => {
    const row = el("div", { class: "member" },
      el("input", { class: "member-name", "aria-label": t.name, placeholder: t.name, maxlength: "100" }),
      el("input", { class: "member-kana", "aria-label": t.kana, placeholder: t.kana, maxlength: "100" }));
    const remove = el("button", { type: "button", class: "secondary", text: t.remove });
    remove.addEventListener("click", () => row.remove());
    row.append(remove);
    members.append(row);
  });
  const wheelchair = count("reg-wheelchair"), infants = count("reg-infants"), pets = count("reg-pets"), medical = count("reg-medical");
  const language = el("input", { id: "reg-language", maxlength: "40" });
  const yes = el("input", { type: "radio", name: "consent", id: "reg-consent-yes", value: "yes", required: "" });
  const no = el("input", { type: "radio", name: "consent", id: "reg-consent-no", value: "no" });
  const submit = el("button", { type: "submit", id: "reg-submit", text: t.submit });
  const message = el("p", { id: "reg-message", role: "alert" });
  const f = el("form", { id: "reg-form" },
    el("p", { class: "hint", text: t.registerIntro }),
    field(t.name, name), field(t.kana, kana), field(t.address, address),
    el("fieldset", {}, el("legend", { text: t.members }), members, addMember),
    el("fieldset", {}, el("legend", { text: t.needs }),
      field(t.wheelchair, wheelchair), field(t.infants, infants), field(t.pets, pets), field(t.medical, medical),
      field(t.language, language)),
    el("fieldset", {}, el("legend", { text: t.consent }),
      el("label", {}, yes, ` ${t.consentYes}`), el("label", {}, no, ` ${t.consentNo}`)),
    submit, message);
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    submit.disabled = true;
    message.textContent = t.registering;
    const body = {
      name: name.value, kana: kana.value, address: address.value.trim() || null,
      members: [...members.querySelectorAll<HTMLElement>(".member")].map((m) => ({
        name: m.querySelector<HTMLInputElement>(".member-name")!.value,
        kana: m.querySelector<HTMLInputElement>(".member-kana")!.value.trim() || null,
      })),
      needs: {
        wheelchair: Number(wheelchair.value), infants: Number(infants.value), pets: Number(pets.value), medical: Number(medical.value),
        language: language.value.trim() || null,
      },
      consent: yes.checked ? true : no.checked ? false : null,
    };
    void (async () => {
      const r = await fetch("/api/public/evacuees", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      submit.disabled = false;
      if (!r.ok) { message.textContent = `${t.error}: ${await problemText(r)}`; return; }
      const card = (await r.json()) as EvacueeCard;
      localStorage.setItem(TokenKey, card.token);
      showCard(t, main, card);
    })();
  });
  return f;
}
