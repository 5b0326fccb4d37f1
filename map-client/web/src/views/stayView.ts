import "../checkin/checkin.css";
import { dict, formatTime } from "../i18n";
import { el } from "../dom";
import { getJson } from "../http";
import { SituationLive, type LinkState } from "../live";
import { renderAlertBanner, type PublicAlert } from "../panels/alertsPanel";
import { checkinLang, langSwitcher, type CheckinLang } from "../checkin/texts";

/** A station of GET /api/stay-facilities/stations (the short URL /s/{id}). */
interface StayStation { id: string; nameJa: string; nameEn: string; lon: number; lat: number }
interface Supplies { water: boolean; food: boolean; blankets: boolean; toilets: boolean; power: boolean; wifi: boolean }
/** A stay facility as the public sees it (the nearest list; live kind `stay-facility`). */
interface StayFacility {
  id: string; name: string; address: string | null; location: { coordinates: number[] }; status: string;
  statusLabel: { ja: string; en: string }; capacity: number | null; accepted: number; crowding: string;
  crowdingLabel: { ja: string; en: string }; supplies: Supplies; updatedAt: string | null;
}
interface WaterPoint { id: string; name: string; address: string | null; distanceM: number }
interface Nearest {
  station: StayStation | null; from: number[]; distance_kind: string;
  facilities: { facility: StayFacility; distanceM: number; distanceKind: string; walkMinutes: number | null }[];
  waterPoints: WaterPoint[];
}

const ja = {
  title: "一時滞在施設", intro: "帰宅困難者のための一時滞在施設です。無理に帰宅せず、受け入れ中の施設で安全に過ごしてください。",
  station: "駅", accepting: "受け入れ中の施設（近い順）", noAccepting: "現在、この駅の近くで受け入れ中の施設はありません。",
  others: "近くのその他の施設（受け入れていません）", water: "給水拠点", noWater: "給水拠点の情報はありません",
  straight: "直線距離", walking: "徒歩距離", walkFmt: "徒歩 {n} 分", straightFmt: "直線 {n} m", accepted: "受入人数", capacity: "定員", updated: "更新",
  supplies: "物資・設備", none: "なし", unknown: "駅が見つかりません", stations: "駅を選んでください",
  live: { connecting: "接続中…", connected: "自動更新中", reconnecting: "再接続中…", disconnected: "切断（再接続します）" },
  noAlerts: "発令中の避難情報はありません", error: "エラー",
  statuses: { accepting: "受入可", suspended: "受入停止", full: "満員", not_opened: "未開設" } as Record<string, string>,
  crowding: { vacant: "空きあり", "somewhat-crowded": "やや混雑", crowded: "混雑", full: "満員", unknown: "不明" } as Record<string, string>,
  supply: { water: "水", food: "食料", blankets: "毛布", toilets: "トイレ", power: "電源", wifi: "Wi-Fi" } as Record<string, string>,
};
type Texts = typeof ja;
const en: Texts = {
  title: "Temporary-stay facilities", intro: "Facilities for people who cannot get home. Do not try to walk home: stay safely at an accepting facility.",
  station: "Station", accepting: "Accepting facilities (nearest first)", noAccepting: "No facility near this station is accepting people now.",
  others: "Other facilities nearby (not accepting)", water: "Water points", noWater: "No water points known",
  straight: "straight-line distance", walking: "walking distance", walkFmt: "{n} min walk", straightFmt: "{n} m straight line",
  accepted: "People", capacity: "capacity", updated: "Updated",
  supplies: "Supplies", none: "none", unknown: "Station not found", stations: "Choose a station",
  live: { connecting: "Connecting…", connected: "Live", reconnecting: "Reconnecting…", disconnected: "Disconnected (retrying)" },
  noAlerts: "No evacuation information in force", error: "Error",
  statuses: { accepting: "Accepting", suspended: "Suspended", full: "Full", not_opened: "Not opened" },
  crowding: { vacant: "Space available", "somewhat-crowded": "Somewhat crowded", crowded: "Crowded", full: "Full", unknown: "Unknown" },
  supply: { water: "Water", food: "Food", blankets: "Blankets", toilets: "Toilets", power: "Power", wifi: "Wi-Fi" },
};
const zh: Texts = {
  title: "临时滞留设施", intro: "为无法回家的人提供的临时滞留设施。请不要勉强回家，在接收中的设施安全等待。",
  station: "车站", accepting: "接收中的设施（由近到远）", noAccepting: "目前此车站附近没有接收中的设施。",
  others: "附近的其他设施（未接收）", water: "供水点", noWater: "没有供水点信息",
  straight: "直线距离", walking: "步行距离", walkFmt: "步行 {n} 分钟", straightFmt: "直线 {n} 米", accepted: "接收人数", capacity: "容纳人数", updated: "更新",
  supplies: "物资・设备", none: "无", unknown: "找不到该车站", stations: "请选择车站",
  live: { connecting: "连接中…", connected: "自动更新中", reconnecting: "重新连接中…", disconnected: "已断开（将重新连接）" },
  noAlerts: "目前没有发布避难信息", error: "错误",
  statuses: { accepting: "可接收", suspended: "暂停接收", full: "已满", not_opened: "未开设" },
  crowding: { vacant: "有空位", "somewhat-crowded": "稍拥挤", crowded: "拥挤", full: "已满", unknown: "不明" },
  supply: { water: "饮用水", food: "食物", blankets: "毛毯", toilets: "厕所", power: "电源", wifi: "Wi-Fi" },
};
const ko: Texts = {
  title: "일시 체류 시설", intro: "귀가 곤란자를 위한 일시 체류 시설입니다. 무리하게 귀가하지 말고 수용 중인 시설에서 안전하게 지내 주세요.",
  station: "역", accepting: "수용 중인 시설 (가까운 순)", noAccepting: "현재 이 역 근처에 수용 중인 시설이 없습니다.",
  others: "근처의 다른 시설 (수용하지 않음)", water: "급수 거점", noWater: "급수 거점 정보가 없습니다",
  straight: "직선 거리", walking: "도보 거리", walkFmt: "도보 {n}분", straightFmt: "직선 {n} m", accepted: "수용 인원", capacity: "정원", updated: "갱신",
  supplies: "물자・설비", none: "없음", unknown: "역을 찾을 수 없습니다", stations: "역을 선택해 주세요",
  live: { connecting: "연결 중…", connected: "자동 갱신 중", reconnecting: "재연결 중…", disconnected: "연결 끊김 (재연결합니다)" },
  noAlerts: "발령 중인 피난 정보가 없습니다", error: "오류",
  statuses: { accepting: "수용 가능", suspended: "수용 중지", full: "만원", not_opened: "미개설" },
  crowding: { vacant: "여유 있음", "somewhat-crowded": "약간 혼잡", crowded: "혼잡", full: "만원", unknown: "불명" },
  supply: { water: "물", food: "식료", blankets: "담요", toilets: "화장실", power: "전원", wifi: "Wi-Fi" },
};
const texts: Record<CheckinLang, Texts> = { ja, en, zh, ko };

/** Straight-line metres (haversine) for the facilities the nearest list does not hold (those not accepting). */
function metres(a: number[], b: number[]): number {
  const r = Math.PI / 180, dLat = (b[1] - a[1]) * r, dLon = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/**
 * The public page for people stranded at a station (/s/{station}, a QR-friendly short URL): the nearest accepting
 * temporary-stay facilities (GET /api/stay-facilities/nearest?station=) with status, crowding, distance (straight line or
 * walking, as the API says) and supplies, the other facilities nearby that are not accepting, the 給水拠点, and the
 * resident-alert banner; live over the public scope (kind `stay-facility`, `public-alert`). ja / en / zh / ko.
 */
export function showStay(stationId: string): void {
  const lang = checkinLang();
  const t = texts[lang];
  const alertLang = lang === "ja" ? "ja" : "en"; // resident alerts are written in Japanese and English
  document.documentElement.lang = lang;
  document.title = `${t.title} — Minato.Gis`;
  const app = document.getElementById("app")!;
  const h1 = el("h1", { text: `港区 ${t.title}` });
  const linkState = el("span", { id: "stay-live", class: "status" });
  const banner = el("div", { id: "public-alerts", class: "banner calm", role: "status", "aria-live": "polite", text: t.noAlerts });
  const main = el("main", { class: "checkin-page", id: "stay-page", "data-station": stationId });
  app.replaceChildren(el("header", { class: "top" }, h1, linkState, langSwitcher(lang)), banner, main);

  const stationName = (s: StayStation): string => (lang === "ja" ? `${s.nameJa}駅` : lang === "en" ? `${s.nameEn} Station` : `${s.nameJa}駅 (${s.nameEn})`);
  const stationLinks = (all: StayStation[]): HTMLElement => el("ul", { id: "stay-stations", class: "plain" },
    ...all.map((s) => el("li", {}, el("a", { href: `/s/${s.id}?lang=${lang}`, "data-station": s.id, text: stationName(s) }))));

  void (async () => {
    const stations = await getJson<StayStation[]>("/api/stay-facilities/stations");
    const all = stations.ok ? stations.value : [];
    const station = all.find((s) => s.id.toLowerCase() === stationId.toLowerCase());
    if (!station) {
      main.replaceChildren(el("h2", { id: "stay-unknown", text: `${t.unknown}: ${stationId}` }),
        el("p", { text: t.stations }), stationLinks(all));
      return;
    }
    h1.textContent = `港区 ${t.title} — ${stationName(station)}`;
    run(station, all);
  })();

  function run(station: StayStation, stations: StayStation[]): void {
    const kind = el("p", { id: "stay-distance-kind", class: "hint" });
    const accepting = el("ul", { id: "stay-accepting", class: "plain" });
    const others = el("ul", { id: "stay-others", class: "plain" });
    const water = el("ul", { id: "stay-water", class: "plain" });
    const error = el("p", { id: "stay-error", class: "error", role: "alert" });
    main.replaceChildren(el("p", { class: "hint", text: t.intro }),
      el("h2", { text: t.accepting }), kind, accepting, error,
      el("h2", { text: t.water }), water,
      el("h2", { text: t.others }), others,
      el("h2", { text: t.stations }), stationLinks(stations.filter((s) => s.id !== station.id)));

    const live = new Map<string, StayFacility>(); // every facility, from the public scope
    let last: Nearest | null = null;
    let generation = 0;

    const statusText = (f: StayFacility): string => t.statuses[f.status] ?? (alertLang === "ja" ? f.statusLabel.ja : f.statusLabel.en);
    // "徒歩 N 分 (M m)" where the API measured a walk over the road network, "直線 N m" where it could not (off the network).
    const distanceText = (metres: number, walkMinutes: number | null): string => {
      const m = String(Math.round(metres));
      return walkMinutes === null ? t.straightFmt.replace("{n}", m) : `${t.walkFmt.replace("{n}", String(walkMinutes))}（${m} m）`;
    };
    const card = (f: StayFacility, distance: number, walkMinutes: number | null): HTMLElement => {
      const s = f.supplies;
      const have = Object.keys(t.supply).filter((k) => s[k as keyof Supplies]).map((k) => t.supply[k]);
      const people = f.capacity ? `${t.accepted} ${f.accepted} / ${t.capacity} ${f.capacity}` : `${t.accepted} ${f.accepted}`;
      return el("li", { class: "card stay-facility", "data-facility-id": f.id, "data-status": f.status, "data-crowding": f.crowding },
        el("strong", { class: "stay-name", text: f.name }), " ",
        el("span", { class: `stay-status status-${f.status}`, text: statusText(f) }), " ",
        el("span", { class: "stay-crowding", text: t.crowding[f.crowding] ?? f.crowding }),
        el("div", { class: "stay-distance", "data-metres": String(Math.round(distance)),
          "data-kind": walkMinutes === null ? "straight_line" : "walking", text: distanceText(distance, walkMinutes) }),
        el("div", { class: "hint", text: people }),
        el("div", { class: "stay-supplies", text: `${t.supplies}: ${have.length ? have.join("・") : t.none}` }),
        f.address ? el("div", { class: "hint", text: f.address }) : null,
        f.updatedAt ? el("div", { class: "hint", text: `${t.updated} ${formatTime(alertLang, f.updatedAt)}` }) : null);
    };

    const render = (): void => {
      if (!last) return;
      const how = last.distance_kind === "walking" ? t.walking : t.straight;
      kind.textContent = `${t.station}: ${stationName(station)} — ${how}`;
      kind.dataset.kind = last.distance_kind;
      // The live value wins over the fetched one (it is newer); one no longer accepting leaves the list at once.
      const near = last.facilities.map((n) => ({ f: live.get(n.facility.id) ?? n.facility, d: n.distanceM,
        w: n.distanceKind === "walking" ? n.walkMinutes : null })).filter((n) => n.f.status === "accepting");
      accepting.replaceChildren(...(near.length === 0 ? [el("li", { id: "stay-none", class: "hint", text: t.noAccepting })]
        : near.map((n) => card(n.f, n.d, n.w))));
      const listed = new Set(near.map((n) => n.f.id));
      const rest = [...live.values()].filter((f) => !listed.has(f.id) && f.status !== "accepting")
        .map((f) => ({ f, d: metres(last!.from, f.location.coordinates) })).sort((a, b) => a.d - b.d).slice(0, 10);
      others.replaceChildren(...rest.map((n) => card(n.f, n.d, null)));
      water.replaceChildren(...(last.waterPoints.length === 0 ? [el("li", { class: "hint", text: t.noWater })] : last.waterPoints.map((w) =>
        el("li", { class: "card", "data-water-id": w.id }, el("strong", { text: w.name }),
          el("div", { text: `${Math.round(w.distanceM)} m（${t.straight}）` }), w.address ? el("div", { class: "hint", text: w.address }) : null))));
    };

    // The nearest list again after any change (a facility that opens may be nearer than those listed); the latest wins.
    const refresh = async (): Promise<void> => {
      const mine = ++generation;
      const r = await getJson<Nearest>(`/api/stay-facilities/nearest?station=${encodeURIComponent(station.id)}&limit=10`);
      if (mine !== generation) return;
      if (!r.ok) { error.textContent = `${t.error} ${r.status}: ${r.detail}`; return; }
      error.textContent = "";
      last = r.value;
      render();
    };
    void refresh();

    const resident = new Map<string, PublicAlert>();
    const renderAlerts = (): void => {
      banner.className = "banner calm";
      banner.textContent = t.noAlerts;
      renderAlertBanner(banner, dict(alertLang), alertLang, resident.values());
    };
    const connection = new SituationLive("public", null, {
      onState: (s: LinkState) => { linkState.textContent = t.live[s]; linkState.dataset.state = s; },
      onReset: (entities) => {
        live.clear(); resident.clear();
        for (const [k, v] of entities) {
          if (k.startsWith("stay-facility\u0000")) live.set((v as StayFacility).id, v as StayFacility);
          else if (k.startsWith("public-alert\u0000")) resident.set(k, v as PublicAlert);
        }
        renderAlerts();
        void refresh();
      },
      onChange: (kind, id, v) => {
        if (kind === "public-alert") {
          const k = SituationLive.key(kind, id);
          if (v === null) resident.delete(k); else resident.set(k, v as PublicAlert);
          renderAlerts();
        } else if (kind === "stay-facility") {
          if (v === null) live.delete(id); else live.set(id, v as StayFacility);
          render();
          void refresh();
        }
      },
      onApplied: (seq) => { main.dataset.seq = String(seq); },
      onRefused: (e) => { error.textContent = `${t.error}: ${e}`; },
    });
    void connection.start();
  }
}
