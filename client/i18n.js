// Every text the phone shows comes from the server's tables
// (facilitator/texts/{da,en}.py, the `phone.` keys), so Python and the page
// share one source. Danish is the default; English when the browser prefers
// it or the participant switches.

export const LANGUAGES = ["da", "en"];

/** The first of the browser's languages we have, else Danish. */
export function browserLanguage(languages = navigator.languages || [navigator.language || ""]) {
  for (const tag of languages) {
    const base = String(tag).toLowerCase().slice(0, 2);
    if (base === "da" || base === "en") return base;
  }
  return "da";
}

export async function loadTexts(lang) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`/texts/${lang}.json`, { cache: "no-cache" });
      if (response.ok) return await response.json();
    } catch {
      // the laptop may be restarting; try again shortly
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 500 * 2 ** attempt)));
  }
}

/** A translator: the text for `key` with `{placeholders}` filled in. */
export function translator(table) {
  return (key, params = {}) =>
    (table["phone." + key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
