// Damage report categories (POST /api/reports) and their map glyphs; the labels are in i18n.ts (categories). The
// glyphs are single kanji, not emoji: they render with the Japanese fonts every target has (no colour emoji font on
// many HQ PCs and in headless Chromium).
export const Categories = ["building-damage", "fire", "road-blocked", "flooding", "landslide", "injured", "other"] as const;

export const CategoryGlyphs: Record<string, string> = {
  "building-damage": "建", fire: "火", "road-blocked": "道", flooding: "水", landslide: "土", injured: "傷", other: "他",
};

export const CategoryColours: Record<string, string> = {
  "building-damage": "#6d4c41", fire: "#d84315", "road-blocked": "#c62828", flooding: "#1565c0", landslide: "#8d6e00", injured: "#ad1457", other: "#455a64",
};
