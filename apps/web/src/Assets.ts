/**
 * The files the pages load: the stylesheet and the Thai font (Sarabun, SIL Open Font
 * Licence 1.1, shipped by `@fontsource/sarabun` with its licence, served at
 * `/assets/LICENSE-sarabun.txt`). Read once at start-up; named by a hash of their
 * content so a browser may keep them for a year.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

export interface Asset {
  readonly name: string
  readonly type: string
  readonly body: Uint8Array
}

const require = createRequire(import.meta.url)
const fontFolder = join(dirname(require.resolve("@fontsource/sarabun/LICENSE")), "files")

const hashed = (name: string, body: Uint8Array) => {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10)
  const dot = name.lastIndexOf(".")
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`
}

const fonts = ["sarabun-thai-400-normal.woff2", "sarabun-thai-700-normal.woff2", "sarabun-latin-400-normal.woff2", "sarabun-latin-700-normal.woff2"].map(
  (file) => {
    const body = readFileSync(join(fontFolder, file))
    return { file, asset: { name: hashed(file, body), type: "font/woff2", body } }
  }
)

// The stylesheet names the fonts by their hashed names.
const css = fonts.reduce(
  (text, f) => text.replaceAll(`url(${f.file})`, `url(/assets/${f.asset.name})`),
  readFileSync(new URL("../assets/app.css", import.meta.url), "utf8")
)
const cssBody = new TextEncoder().encode(css)
const stylesheet: Asset = { name: hashed("app.css", cssBody), type: "text/css; charset=utf-8", body: cssBody }

const licence: Asset = {
  name: "LICENSE-sarabun.txt",
  type: "text/plain; charset=utf-8",
  body: readFileSync(require.resolve("@fontsource/sarabun/LICENSE"))
}

/** Every asset by the name it is served under. */
export const byName: ReadonlyMap<string, Asset> = new Map([stylesheet, licence, ...fonts.map((f) => f.asset)].map((a) => [a.name, a]))

export const stylesheetPath = `/assets/${stylesheet.name}`
/** The Thai regular face, preloaded: the first paint's text needs it. */
export const preloadFont = `/assets/${fonts[0]!.asset.name}`
