/** The language of human output: Thai first, English on request (`--lang en`). */
export type Lang = "th" | "en"

/** Picks the text for the language. */
export const pick = (lang: Lang, text: { readonly th: string; readonly en: string }): string => text[lang]
