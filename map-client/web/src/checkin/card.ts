import { el } from "../dom";
import type { CheckinTexts } from "./texts";

/** A registration's card as the server answers it (personal data: shown to its holder or to staff only). */
export interface EvacueeCard {
  token: string;
  qrPayload: string;
  qrSvg: string;
  name: string;
  kana: string;
  householdSize: number;
  consent: boolean;
  stay: { shelterId: string; shelterName: string; status: "checked-in" | "checked-out"; since: string } | null;
}

/** The QR card: the server's SVG as an image (never as markup), the code as text, a print button. */
export function renderCard(t: CheckinTexts, card: EvacueeCard, id: string): HTMLElement {
  const img = el("img", {
    id: `${id}-qr`, class: "qr", alt: t.cardTitle, width: "280", height: "280", "data-payload": card.qrPayload,
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(card.qrSvg)}`,
  });
  const stay = card.stay
    ? `${card.stay.status === "checked-in" ? t.stayIn : t.stayOut}: ${card.stay.shelterName}`
    : t.notYet;
  const print = el("button", { type: "button", id: `${id}-print`, text: t.print });
  print.addEventListener("click", () => window.print());
  return el("section", { id, class: "card qr-card", "data-token": card.token },
    el("h2", { text: t.cardTitle }),
    el("p", { class: "hint", text: t.cardHelp }),
    img,
    el("p", {}, el("strong", { text: card.name }), ` (${card.kana}) · ${t.household} ${card.householdSize}`),
    el("p", { id: `${id}-stay`, "data-status": card.stay?.status ?? "none", text: stay }),
    el("p", { class: "code" }, `${t.code}: `, el("code", { id: `${id}-code`, text: card.token })),
    print);
}
