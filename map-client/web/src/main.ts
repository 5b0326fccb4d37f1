import "./styles.css";
import { currentLang, dict } from "./i18n";
import { createShell } from "./shell";
import { showPublic } from "./views/publicView";
import { showSituation } from "./views/situationView";
import { showShelter } from "./views/shelterView";
import { showField } from "./views/fieldView";
import { showRegister } from "./checkin/registerView";
import { showCheckin } from "./checkin/checkinView";
import { showStay } from "./views/stayView";
import { showFacility } from "./views/facilityView";

// One page, views chosen by the path: / (public hazard map), /hq, /district/{id}, /shelter/{id}, /field, /register
// (shelter check-in registration), /shelter/{id}/checkin (a centre's check-in tablet), /s/{station} (temporary-stay
// facilities near a station, the QR-friendly short URL), /facility/{id} (a temporary-stay facility's staff console).
// This entry module only routes: it exports nothing, so no module imports it (and so runs routing) by accident.
function route(): void {
  const lang = currentLang();
  const t = dict(lang);
  const path = location.pathname.replace(/\/+$/, "") || "/";
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/s\/([^/]+)$/))) {
    showStay(decodeURIComponent(m[1]));
  } else if (path === "/register") {
    showRegister();
  } else if ((m = path.match(/^\/shelter\/([^/]+)\/checkin$/))) {
    showCheckin(decodeURIComponent(m[1]));
  } else if (path === "/field") {
    showField(createShell(t.fieldTitle, lang));
  } else if (path === "/hq") {
    showSituation(createShell(t.hqTitle, lang), "hq", null);
  } else if ((m = path.match(/^\/district\/([a-z-]+)$/))) {
    showSituation(createShell(t.districtTitle, lang), `district:${m[1]}`, m[1]);
  } else if ((m = path.match(/^\/facility\/([^/]+)$/))) {
    showFacility(createShell(t.stayFacilityTitle, lang), decodeURIComponent(m[1]));
  } else if ((m = path.match(/^\/shelter\/([^/]+)$/))) {
    showShelter(createShell(t.shelterTitle, lang), decodeURIComponent(m[1]));
  } else {
    showPublic(createShell(t.appTitle, lang));
  }
}

route();
