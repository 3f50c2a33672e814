/** The language of human output: Thai first, English on request (`--lang en`). */
export type Lang = "th" | "en"

/** Picks the text for the language. */
export const pick = (lang: Lang, text: { readonly th: string; readonly en: string }): string => text[lang]

/** The language a line of arguments asks for: English with `--lang en` (the last `--lang` wins), Thai otherwise; undefined when none is asked. */
export const of = (argv: ReadonlyArray<string>): Lang | undefined => {
  let lang: Lang | undefined
  for (const [i, arg] of argv.entries()) {
    const value = arg === "--lang" ? argv[i + 1] : arg.startsWith("--lang=") ? arg.slice("--lang=".length) : undefined
    if (value !== undefined) lang = value === "en" ? "en" : "th"
  }
  return lang
}
