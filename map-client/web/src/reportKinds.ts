// Damage report categories (POST /api/reports) and their map glyphs; the labels are in i18n.ts (categories).
export const Categories = ["building-damage", "fire", "road-blocked", "flooding", "landslide", "injured", "other"] as const;

export const CategoryGlyphs: Record<string, string> = {
  "building-damage": "🏚", fire: "🔥", "road-blocked": "⛔", flooding: "🌊", landslide: "⛰", injured: "✚", other: "❗",
};

export const CategoryColours: Record<string, string> = {
  "building-damage": "#6d4c41", fire: "#d84315", "road-blocked": "#c62828", flooding: "#1565c0", landslide: "#8d6e00", injured: "#ad1457", other: "#455a64",
};
