// Texts of the shelter check-in pages in Japanese, English, Chinese (simplified) and Korean. The choice: ?lang=, then
// what was chosen before (localStorage), then the browser's language; Japanese by default.
export type CheckinLang = "ja" | "en" | "zh" | "ko";
export const checkinLangs: CheckinLang[] = ["ja", "en", "zh", "ko"];
export const langNames: Record<CheckinLang, string> = { ja: "日本語", en: "English", zh: "中文", ko: "한국어" };

const ja = {
  registerTitle: "避難所 受付登録",
  registerIntro: "避難所での受付を早くするため、事前に登録してください。登録すると QR コードが表示されます。避難所の受付でこの QR コードを見せてください。QR コードには個人情報は含まれません。",
  name: "氏名", kana: "ふりがな", address: "住所（任意）",
  members: "同じ世帯の方（一緒に避難する方）", addMember: "世帯員を追加", remove: "削除",
  needs: "配慮が必要なこと", wheelchair: "車いす（人数）", infants: "乳幼児（人数）", pets: "ペット（頭数）", medical: "医療的ケア（人数）",
  language: "必要な言語（通訳）",
  consent: "安否情報の開示", consentYes: "家族等からの安否の問い合わせに、避難先を答えてよい", consentNo: "答えないでほしい",
  submit: "登録する", registering: "登録しています…",
  cardTitle: "受付用 QR コード", cardHelp: "避難所の受付でこの画面を見せてください。スクリーンショットや印刷もできます。",
  code: "受付コード", print: "印刷", forget: "この端末から消す", household: "世帯人数",
  stayIn: "入所中", stayOut: "退所済み", notYet: "まだ避難所に入所していません",
  checkinTitle: "避難所 受付", startCamera: "カメラで読み取る", stopCamera: "カメラを止める", modeIn: "入所", modeOut: "退所",
  typeCode: "コードを入力", send: "送信", headcount: "避難者数", households: "世帯数", countsSource: "集計",
  fromCheckin: "受付から集計", manual: "手入力",
  checkedIn: "入所しました", already: "すでに入所済みです", checkedOut: "退所しました", movedFrom: "他の避難所から移動",
  walkIn: "QR のない方の受付（職員入力）", walkInSubmit: "登録して入所", membersLines: "世帯員（1 行に 1 人）",
  roster: "名簿", loadRoster: "名簿を表示（閲覧は記録されます）", checkOut: "退所", noToken: "職員のトークンが必要です",
  cameraError: "カメラを使えません", error: "エラー",
};
type Texts = typeof ja;

const en: Texts = {
  registerTitle: "Shelter check-in registration",
  registerIntro: "Register in advance so that checking in at a shelter is quick. You will get a QR code: show it at the shelter's desk. The QR code contains no personal information.",
  name: "Name", kana: "Name in kana (furigana)", address: "Address (optional)",
  members: "Members of your household evacuating with you", addMember: "Add a member", remove: "Remove",
  needs: "Special needs", wheelchair: "Wheelchair users", infants: "Infants", pets: "Pets", medical: "Need medical care",
  language: "Language you need help in",
  consent: "Safety inquiries", consentYes: "My shelter may be told to family asking after me", consentNo: "Do not tell anyone",
  submit: "Register", registering: "Registering…",
  cardTitle: "Your check-in QR code", cardHelp: "Show this screen at the shelter's desk. You can also take a screenshot or print it.",
  code: "Check-in code", print: "Print", forget: "Remove from this device", household: "Household",
  stayIn: "Checked in", stayOut: "Checked out", notYet: "Not checked in at a shelter yet",
  checkinTitle: "Shelter check-in", startCamera: "Scan with the camera", stopCamera: "Stop the camera", modeIn: "Check in", modeOut: "Check out",
  typeCode: "Type a code", send: "Send", headcount: "Evacuees", households: "Households", countsSource: "Counts",
  fromCheckin: "from check-in", manual: "entered by hand",
  checkedIn: "Checked in", already: "Already checked in", checkedOut: "Checked out", movedFrom: "moved from another shelter",
  walkIn: "Walk-in without a QR code (typed by staff)", walkInSubmit: "Register and check in", membersLines: "Household members (one per line)",
  roster: "Roster", loadRoster: "Show the roster (each view is recorded)", checkOut: "Check out", noToken: "A staff token is needed",
  cameraError: "The camera is not available", error: "Error",
};

const zh: Texts = {
  registerTitle: "避难所登记",
  registerIntro: "请提前登记，以便在避难所快速办理入住。登记后会显示二维码，请在避难所服务台出示。二维码中不含个人信息。",
  name: "姓名", kana: "姓名（日文假名）", address: "地址（可选）",
  members: "同一家庭一起避难的成员", addMember: "添加成员", remove: "删除",
  needs: "需要的照顾", wheelchair: "轮椅使用者（人数）", infants: "婴幼儿（人数）", pets: "宠物（只数）", medical: "需要医疗照护（人数）",
  language: "需要的语言（翻译）",
  consent: "安否查询", consentYes: "家人询问时，可以告知我所在的避难所", consentNo: "请不要告知",
  submit: "登记", registering: "正在登记…",
  cardTitle: "入住用二维码", cardHelp: "请在避难所服务台出示此画面。也可以截图或打印。",
  code: "入住代码", print: "打印", forget: "从此设备删除", household: "家庭人数",
  stayIn: "已入住", stayOut: "已离开", notYet: "尚未入住避难所",
  checkinTitle: "避难所入住", startCamera: "用相机扫描", stopCamera: "关闭相机", modeIn: "入住", modeOut: "离开",
  typeCode: "输入代码", send: "发送", headcount: "避难人数", households: "家庭数", countsSource: "统计",
  fromCheckin: "来自入住登记", manual: "手动输入",
  checkedIn: "已入住", already: "已经入住", checkedOut: "已离开", movedFrom: "从其他避难所转来",
  walkIn: "无二维码者登记（工作人员输入）", walkInSubmit: "登记并入住", membersLines: "家庭成员（每行一人）",
  roster: "名册", loadRoster: "显示名册（查看将被记录）", checkOut: "离开", noToken: "需要工作人员令牌",
  cameraError: "无法使用相机", error: "错误",
};

const ko: Texts = {
  registerTitle: "대피소 접수 등록",
  registerIntro: "대피소 접수를 빠르게 하기 위해 미리 등록해 주세요. 등록하면 QR 코드가 표시됩니다. 대피소 접수처에서 보여 주세요. QR 코드에는 개인 정보가 포함되지 않습니다.",
  name: "이름", kana: "이름 (일본어 가나)", address: "주소 (선택)",
  members: "함께 대피하는 가족", addMember: "가족 추가", remove: "삭제",
  needs: "필요한 배려", wheelchair: "휠체어 (인원)", infants: "영유아 (인원)", pets: "반려동물 (마리)", medical: "의료 케어 (인원)",
  language: "필요한 언어 (통역)",
  consent: "안부 문의", consentYes: "가족이 문의하면 대피 장소를 알려도 됩니다", consentNo: "알리지 마세요",
  submit: "등록", registering: "등록 중…",
  cardTitle: "접수용 QR 코드", cardHelp: "대피소 접수처에서 이 화면을 보여 주세요. 스크린숏이나 인쇄도 가능합니다.",
  code: "접수 코드", print: "인쇄", forget: "이 기기에서 삭제", household: "가구 인원",
  stayIn: "입소 중", stayOut: "퇴소", notYet: "아직 대피소에 입소하지 않았습니다",
  checkinTitle: "대피소 접수", startCamera: "카메라로 읽기", stopCamera: "카메라 끄기", modeIn: "입소", modeOut: "퇴소",
  typeCode: "코드 입력", send: "보내기", headcount: "대피자 수", households: "가구 수", countsSource: "집계",
  fromCheckin: "접수에서 집계", manual: "수동 입력",
  checkedIn: "입소했습니다", already: "이미 입소했습니다", checkedOut: "퇴소했습니다", movedFrom: "다른 대피소에서 이동",
  walkIn: "QR 코드가 없는 분 접수 (직원 입력)", walkInSubmit: "등록하고 입소", membersLines: "가족 (한 줄에 한 명)",
  roster: "명부", loadRoster: "명부 표시 (열람은 기록됩니다)", checkOut: "퇴소", noToken: "직원 토큰이 필요합니다",
  cameraError: "카메라를 사용할 수 없습니다", error: "오류",
};

const all: Record<CheckinLang, Texts> = { ja, en, zh, ko };
export type CheckinTexts = Texts;

export function checkinLang(): CheckinLang {
  const q = new URLSearchParams(location.search).get("lang");
  if (q && (checkinLangs as string[]).includes(q)) { localStorage.setItem("minato.checkin.lang", q); return q as CheckinLang; }
  const kept = localStorage.getItem("minato.checkin.lang");
  if (kept && (checkinLangs as string[]).includes(kept)) return kept as CheckinLang;
  const nav = (navigator.language || "ja").slice(0, 2);
  return (checkinLangs as string[]).includes(nav) ? (nav as CheckinLang) : "ja";
}

export function checkinTexts(lang: CheckinLang): Texts {
  return all[lang];
}

/** Buttons that switch the page's language (reloading it). */
export function langSwitcher(current: CheckinLang): HTMLElement {
  const nav = document.createElement("nav");
  nav.className = "langs";
  for (const l of checkinLangs) {
    const b = document.createElement("button");
    b.type = "button";
    b.lang = l;
    b.textContent = langNames[l];
    b.dataset.lang = l;
    if (l === current) b.setAttribute("aria-pressed", "true");
    b.addEventListener("click", () => { const u = new URL(location.href); u.searchParams.set("lang", l); location.assign(u); });
    nav.append(b);
  }
  return nav;
}
