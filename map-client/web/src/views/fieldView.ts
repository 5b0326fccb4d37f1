import type { Shell } from "../shell";
import { dict, formatTime, type Dict } from "../i18n";
import { el } from "../dom";
import { createMap, maplibregl, WardCentre } from "../map/map";
import { OfflineQueue, type OutboxItem, type OutboxPhoto, type OutboxState } from "../offline/offlineQueue";
import { signIn } from "../auth/signIn";
import { takeToken } from "../auth/token";
import { cacheLoadedFiles, registerAppShell } from "../offline/serviceWorker";
import { Categories, CategoryGlyphs } from "../map/reportKinds";

const MaxPhotos = 5;
const MaxPhotoEdge = 1600;

type Coord = [number, number];

/**
 * /field — the phone page of field staff: place a damage report by GPS or by tapping the map (a point, or a line for
 * a blocked road), choose category and severity, add a note and photos, and save it. Every report goes into the
 * IndexedDB outbox with its Idempotency-Key and is sent from there (now, or when the link returns): see offlineQueue.ts.
 */
export function showField(shell: Shell): void {
  const t = dict(shell.lang);
  document.getElementById("app")!.classList.add("field");
  registerAppShell();
  const token = takeToken();
  if (!token) { signIn(shell, t, () => location.reload(), null); return; }

  // connectivity: a pill in the header and a banner, from navigator.onLine and the online/offline events
  const net = el("span", { class: "link", id: "net-state" });
  shell.status.append(net);
  shell.banner.id = "net-banner";
  const showNet = (): void => {
    const on = navigator.onLine;
    net.dataset.state = on ? "connected" : "disconnected";
    net.textContent = on ? t.online : t.offlineNet;
    shell.banner.className = on ? "banner calm" : "banner s2";
    shell.banner.dataset.online = String(on);
    shell.banner.textContent = on ? t.onlineBanner : t.offlineBanner;
  };
  window.addEventListener("online", showNet);
  window.addEventListener("offline", showNet);
  showNet();

  const map = createMap(shell.map, { zoom: 15, center: WardCentre });
  let coords: Coord[] = [];
  const pin = new maplibregl.Marker({ element: el("div", { class: "pin", "aria-hidden": "true" }) });
  // Once the map has drawn, the service worker keeps what it loaded (tiles, MapLibre's worker) for offline use.
  map.once("idle", () => { void cacheLoadedFiles(); });
  map.on("load", () => {
    map.addSource("draft-line", { type: "geojson", data: emptyLine() });
    map.addLayer({ id: "draft-line", type: "line", source: "draft-line", paint: { "line-color": "#d32f2f", "line-width": 5 } });
  });

  // the form
  const readout = el("p", { id: "loc-readout", class: "hint", "aria-live": "polite", text: t.noPlace });
  const gps = el("button", { type: "button", id: "loc-gps", class: "big", text: `◎ ${t.useGps}` });
  const lineBox = el("input", { type: "checkbox", id: "loc-line" });
  const clear = el("button", { type: "button", id: "loc-clear", text: t.clearPlace });
  const catGroup = radioGroup("category", t.category, Categories.map((c) => [c, t.categories[c]]));
  const sevGroup = radioGroup("severity", t.severity, [1, 2, 3, 4, 5].map((s) => [String(s), t.severities[s]]));
  const note = el("textarea", { id: "note", maxlength: "2000", placeholder: t.notePlaceholder });
  const photos = el("input", { type: "file", id: "photos", accept: "image/jpeg,image/png,image/webp", capture: "environment", multiple: "" });
  const thumbs = el("div", { class: "thumbs", id: "photo-thumbs" });
  const formError = el("p", { class: "error", id: "form-error", role: "alert" });
  const submit = el("button", { type: "submit", id: "submit", class: "primary big", text: t.saveSend });
  const form = el("form", { id: "field-form", novalidate: "" },
    el("fieldset", {}, el("legend", { text: t.location }), el("div", { class: "row wrap" }, gps, clear), el("p", { class: "hint", text: t.tapToPlace }),
      el("label", { for: "loc-line", class: "check" }, lineBox, t.lineMode), readout),
    catGroup, sevGroup,
    el("label", { for: "note", text: t.note }), note,
    el("label", { for: "photos", text: t.photos }), el("p", { class: "hint", text: t.photosHint }), photos, thumbs,
    formError, submit);

  const outboxList = el("ul", { class: "plain outbox", id: "outbox", "aria-live": "polite" });
  const syncNow = el("button", { type: "button", id: "sync-now", text: t.syncNow });
  const clearSent = el("button", { type: "button", id: "clear-sent", text: t.clearSent });
  shell.panel.append(form, el("h2", { text: t.outbox }), el("div", { class: "row wrap" }, syncNow, clearSent), outboxList);

  function setPlace(c: Coord, append: boolean): void {
    coords = append ? [...coords, c] : [c];
    draw();
  }
  function draw(): void {
    const src = map.getSource("draft-line") as maplibregl.GeoJSONSource | undefined;
    if (coords.length === 0) { pin.remove(); src?.setData(emptyLine()); readout.textContent = t.noPlace; delete readout.dataset.lon; return; }
    pin.setLngLat(coords[0]).addTo(map);
    src?.setData(coords.length > 1 ? { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: coords } } : emptyLine());
    const [lon, lat] = coords[coords.length - 1];
    readout.dataset.lon = lon.toFixed(6);
    readout.dataset.lat = lat.toFixed(6);
    readout.dataset.points = String(coords.length);
    readout.textContent = coords.length > 1 ? `${coords.length} ${t.points} — ${lat.toFixed(5)}, ${lon.toFixed(5)}` : `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  }
  map.on("click", (e) => setPlace([e.lngLat.lng, e.lngLat.lat], lineBox.checked));
  clear.addEventListener("click", () => { coords = []; draw(); });
  gps.addEventListener("click", () => {
    if (!("geolocation" in navigator)) { readout.textContent = t.gpsFailed; return; }
    readout.textContent = t.gpsLocating;
    navigator.geolocation.getCurrentPosition(
      (p) => { const c: Coord = [p.coords.longitude, p.coords.latitude]; setPlace(c, lineBox.checked); map.flyTo({ center: c, zoom: 17 }); },
      (e) => { readout.textContent = `${t.gpsFailed}: ${e.message}`; },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 });
  });

  let chosen: OutboxPhoto[] = [];
  photos.addEventListener("change", () => void (async () => {
    const files = [...(photos.files ?? [])].slice(0, MaxPhotos);
    chosen = [];
    thumbs.replaceChildren();
    for (const f of files) {
      const p = await shrink(f);
      chosen.push(p);
      const img = el("img", { alt: p.name, class: "thumb" });
      img.src = URL.createObjectURL(p.blob);
      thumbs.append(img);
    }
    thumbs.dataset.count = String(chosen.length);
  })());

  const queue = new OfflineQueue("/api/reports", () => takeToken(), { onChange: (items) => renderOutbox(items) });
  (window as unknown as { minatoOutbox: OfflineQueue }).minatoOutbox = queue; // for the end-to-end tests
  syncNow.addEventListener("click", () => void queue.resetBackoffAndFlush());
  clearSent.addEventListener("click", () => void queue.removeSent());

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    formError.textContent = "";
    const category = (form.elements.namedItem("category") as RadioNodeList).value;
    const severity = Number((form.elements.namedItem("severity") as RadioNodeList).value);
    if (coords.length === 0) { formError.textContent = t.noPlace; gps.focus(); return; }
    if (!category) { formError.textContent = t.needCategory; return; }
    if (!severity) { formError.textContent = t.needSeverity; return; }
    const geometry = coords.length > 1 ? { type: "LineString", coordinates: coords.map(round) } : { type: "Point", coordinates: round(coords[0]) };
    const now = new Date();
    const report = { category, severity, geometry, note: note.value.trim() || null, observedAt: now.toISOString() };
    submit.disabled = true;
    void queue.add(report, chosen, now).then(() => {
      form.reset();
      coords = []; draw();
      chosen = []; thumbs.replaceChildren(); thumbs.dataset.count = "0";
      formError.textContent = "";
    }).catch((err: unknown) => { formError.textContent = `${t.errorPrefix}: ${String(err)}`; })
      .finally(() => { submit.disabled = false; });
  });

  function renderOutbox(items: OutboxItem[]): void {
    outboxList.dataset.count = String(items.length);
    if (items.length === 0) { outboxList.replaceChildren(el("li", { class: "hint", text: t.outboxEmpty })); return; }
    outboxList.replaceChildren(...items.map((i) => outboxItem(t, shell.lang, i, () => void queue.retry(i.key))));
  }

  void queue.open().catch((err: unknown) => { formError.textContent = `${t.errorPrefix}: IndexedDB ${String(err)}`; });
}

function outboxItem(t: Dict, lang: "ja" | "en", i: OutboxItem, retry: () => void): HTMLElement {
  const r = JSON.parse(i.body) as { category: string; severity: number; note: string | null };
  const li = el("li", { class: "card", "data-key": i.key, "data-state": i.state, "data-attempts": String(i.attempts) },
    el("div", { class: "row" },
      el("span", { class: "state", "data-state": i.state, text: stateLabel(t, i.state) }),
      el("strong", {}, el("span", { class: "glyph", "aria-hidden": "true", text: CategoryGlyphs[r.category] ?? "" }), ` ${t.categories[r.category] ?? r.category}`),
      el("span", { text: `${t.severity} ${r.severity}` })),
    el("div", { class: "hint", text: `${formatTime(lang, i.createdAt)}${i.photos.length ? ` · ${t.photos} ${i.photos.length}` : ""}${r.note ? ` · ${r.note}` : ""}` }));
  if (i.serverId !== null) {
    li.dataset.reportId = String(i.serverId);
    li.append(el("div", { class: "hint", text: `${t.reportNo} ${i.serverId} · ${formatTime(lang, i.sentAt)}` }));
  }
  if (i.lastError && i.state !== "sent") {
    li.append(el("div", { class: i.state === "error" ? "error detail" : "hint detail", text: `${i.lastError}${i.attempts ? ` (${t.attempts}: ${i.attempts})` : ""}` }));
  }
  if (i.state === "error") {
    const b = el("button", { type: "button", class: "retry", text: t.retry });
    b.addEventListener("click", retry);
    li.append(b);
    if (i.serverStatus === 401) {
      // The token expired or was wrong: sign in anew (the report stays in the outbox with its key), then send again.
      const again = el("button", { type: "button", class: "sign-in-again", text: t.signInAgain });
      again.addEventListener("click", () => { sessionStorage.removeItem("minato.token"); location.reload(); });
      li.append(" ", again);
    }
  }
  return li;
}

function stateLabel(t: Dict, s: OutboxState): string {
  return { queued: t.stateQueued, sending: t.stateSending, sent: t.stateSent, error: t.stateError }[s];
}

function radioGroup(name: string, legend: string, options: [string, string][]): HTMLFieldSetElement {
  const fs = el("fieldset", { class: `choices ${name}` }, el("legend", { text: legend }));
  for (const [value, label] of options) {
    const id = `${name}-${value}`;
    fs.append(el("label", { for: id, class: "choice" }, el("input", { type: "radio", name, id, value, required: "" }), el("span", { text: label })));
  }
  return fs;
}

function round(c: Coord): Coord {
  return [Number(c[0].toFixed(7)), Number(c[1].toFixed(7))];
}

function emptyLine(): GeoJSON.FeatureCollection {
  return { type: "FeatureCollection", features: [] };
}

/**
 * A photo re-encoded as JPEG with its longer edge at most 1600 px: smaller to send on a bad link, and the re-encoding
 * drops the file's metadata (EXIF location included). Anything the browser can not decode is kept as it is (the
 * server checks the content and says why it refuses it).
 */
async function shrink(file: File): Promise<OutboxPhoto> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MaxPhotoEdge / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    ctx.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.82));
    if (!blob) throw new Error("encode failed");
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return { name, type: "image/jpeg", blob };
  } catch {
    return { name: file.name, type: file.type, blob: file };
  }
}
