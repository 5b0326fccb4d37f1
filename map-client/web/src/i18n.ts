// Japanese (default) and English. The choice is kept in localStorage; ?lang=en|ja overrides it.
export type Lang = "ja" | "en";

const ja = {
  appTitle: "港区 防災マップ",
  hqTitle: "港区 災害対策本部 状況図",
  districtTitle: "地区 状況図",
  shelterTitle: "避難所 コンソール",
  switchLang: "English",
  switchLangLabel: "Switch to English",
  searchLabel: "地点・避難場所を検索",
  searchPlaceholder: "例: 芝公園 / 35.6586,139.7454",
  searchButton: "検索",
  useCentre: "地図の中心を調べる",
  tapHint: "地図をタップ（クリック）するか、場所を検索すると、その地点の災害リスクと最寄りの避難場所を表示します。",
  reportTitle: "この地点の災害リスク",
  noHazard: "想定されている災害リスクはありません（想定区域外）。",
  district: "地区",
  nearestSites: "最寄りの避難場所",
  fallback: "（該当する指定がないため洪水対応の避難場所）",
  capacity: "収容人数",
  metres: "m",
  boring: "最寄りのボーリング",
  outside: "港区の区域外です",
  errorPrefix: "エラー",
  loading: "読み込み中…",
  layers: "表示レイヤー",
  legend: "凡例",
  hazardAreas: "災害想定区域",
  shelters: "指定避難所",
  evacSites: "指定緊急避難場所",
  roads: "道路",
  districts: "地区境界",
  stations: "観測局",
  connection: "接続",
  connected: "接続中",
  connecting: "接続処理中",
  reconnecting: "再接続中",
  disconnected: "切断",
  asOf: "時点",
  never: "未受信",
  alerts: "発令中の警報",
  noAlerts: "発令中の警報はありません",
  stationsList: "観測局",
  stage0: "平常",
  stage1: "注意",
  stage2: "警戒",
  stage3: "危険",
  stage4: "災害発生",
  offline: "欠測",
  noData: "データなし",
  timeline: "変化の記録",
  tokenTitle: "職員ログイン",
  tokenHelp: "アクセストークン（./minato token --role hq で発行）を貼り付けてください。",
  tokenButton: "接続",
  publicOnly: "公開情報のみで表示",
  scope: "範囲",
  hazardKinds: { flood: "洪水", inland_flood: "内水氾濫", storm_surge: "高潮", tsunami: "津波", landslide: "土砂災害", liquefaction: "液状化" } as Record<string, string>,
  kinds: { rain: "雨量", river: "水位", radiation: "空間線量" } as Record<string, string>,
  publicAlerts: "公開警報",
  demoNote: "デモデータ（架空）を含みます",
  shelterStatus: "避難所の状態",
  open: "開設",
  closed: "未開設",
  notFound: "見つかりません",
  details: "詳細",
  history: "過去24時間",
  close: "閉じる",
};
export type Dict = typeof ja;

const en: Dict = {
  appTitle: "Minato City Hazard Map",
  hqTitle: "Minato City Disaster HQ — Situation Map",
  districtTitle: "District situation map",
  shelterTitle: "Evacuation centre console",
  switchLang: "日本語",
  switchLangLabel: "日本語に切り替える",
  searchLabel: "Search a place or evacuation site",
  searchPlaceholder: "e.g. Shiba Park / 35.6586,139.7454",
  searchButton: "Search",
  useCentre: "Check the map centre",
  tapHint: "Tap (click) the map or search a place to see its hazards and the nearest evacuation sites.",
  reportTitle: "Hazards at this point",
  noHazard: "No mapped hazard at this point.",
  district: "District",
  nearestSites: "Nearest evacuation sites",
  fallback: "(no site designated for this hazard: flood sites)",
  capacity: "capacity",
  metres: "m",
  boring: "Nearest boring",
  outside: "Outside Minato City",
  errorPrefix: "Error",
  loading: "Loading…",
  layers: "Layers",
  legend: "Legend",
  hazardAreas: "Hazard areas",
  shelters: "Shelters",
  evacSites: "Evacuation sites",
  roads: "Roads",
  districts: "Districts",
  stations: "Stations",
  connection: "Link",
  connected: "Connected",
  connecting: "Connecting",
  reconnecting: "Reconnecting",
  disconnected: "Disconnected",
  asOf: "as of",
  never: "nothing yet",
  alerts: "Active alerts",
  noAlerts: "No active alerts",
  stationsList: "Stations",
  stage0: "Normal",
  stage1: "Caution",
  stage2: "Warning",
  stage3: "Danger",
  stage4: "Disaster",
  offline: "Offline",
  noData: "No data",
  timeline: "Timeline",
  tokenTitle: "Staff sign-in",
  tokenHelp: "Paste an access token (./minato token --role hq).",
  tokenButton: "Connect",
  publicOnly: "Continue with public data",
  scope: "Scope",
  hazardKinds: { flood: "River flood", inland_flood: "Inland flood", storm_surge: "Storm surge", tsunami: "Tsunami", landslide: "Landslide", liquefaction: "Liquefaction" },
  kinds: { rain: "Rain", river: "River level", radiation: "Dose rate" },
  publicAlerts: "Public alerts",
  demoNote: "Includes demo (made-up) data",
  shelterStatus: "Shelter status",
  open: "Open",
  closed: "Not open",
  notFound: "Not found",
  details: "Details",
  history: "Last 24 h",
  close: "Close",
};

const dicts: Record<Lang, Dict> = { ja, en };

export function currentLang(): Lang {
  const q = new URLSearchParams(location.search).get("lang");
  if (q === "en" || q === "ja") {
    localStorage.setItem("minato.lang", q);
    return q;
  }
  return localStorage.getItem("minato.lang") === "en" ? "en" : "ja";
}

export function setLang(lang: Lang): void {
  localStorage.setItem("minato.lang", lang);
}

export function dict(lang: Lang): Dict {
  return dicts[lang];
}

export function stageName(t: Dict, stage: number, offline = false): string {
  if (offline) return t.offline;
  return [t.stage0, t.stage1, t.stage2, t.stage3, t.stage4][Math.max(0, Math.min(4, stage))];
}

export function formatTime(lang: Lang, iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return d.toLocaleString(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}
