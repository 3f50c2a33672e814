/**
 * Thai administrative areas by DOPA code (`@phungpao/domain/geography`): provinces (2 digits),
 * districts (4) and subdistricts (6) with Thai and English names from the bundled dataset,
 * and villages (8), which the dataset lacks and which are named by their number (หมู่ที่ n).
 *
 * A separate entry point so that only code that shows area names pays for the ~340 KB of names.
 */
import * as Data from "./geography.data.js"

import type { Level } from "./Area.js"

/** The level of an area (the same as `Area.Level`). */
export type AreaLevel = Level

export interface AreaName {
  readonly code: string
  readonly level: AreaLevel
  readonly nameTh: string
  readonly nameEn: string
}

interface Index {
  readonly byCode: ReadonlyMap<string, AreaName>
  readonly children: ReadonlyMap<string, ReadonlyArray<AreaName>>
  readonly provinces: ReadonlyArray<AreaName>
}

const none: ReadonlyArray<AreaName> = Object.freeze([])

let index: Index | undefined

// Built on first use rather than at import, so importing the module stays cheap.
const getIndex = (): Index => {
  if (index !== undefined) return index
  const byCode = new Map<string, AreaName>()
  const children = new Map<string, Array<AreaName>>()
  const provinces: Array<AreaName> = []
  const load = (text: string, level: AreaLevel): void => {
    // The generated lines are sorted by code, so every children list comes out sorted.
    for (const line of text.split("\n")) {
      const [code = "", nameTh = "", nameEn = ""] = line.split("|")
      const area: AreaName = Object.freeze({ code, level, nameTh, nameEn })
      byCode.set(code, area)
      if (level === "province") {
        provinces.push(area)
        continue
      }
      const parent = code.slice(0, code.length - 2)
      const siblings = children.get(parent)
      if (siblings === undefined) children.set(parent, [area])
      else siblings.push(area)
    }
  }
  load(Data.provinces, "province")
  load(Data.districts, "district")
  load(Data.subdistricts, "subdistrict")
  for (const list of children.values()) Object.freeze(list)
  index = { byCode, children, provinces: Object.freeze(provinces) }
  return index
}

const villageCode = /^\d{8}$/

/**
 * The area with this DOPA code, or `undefined` when there is none. A village code (8 digits)
 * is named from its number when its subdistrict exists, since villages are not in the dataset.
 *
 * @example
 * lookup("33")       // { code: "33", level: "province", nameTh: "ศรีสะเกษ", nameEn: "Si Sa Ket" }
 * lookup("33010105") // { code: "33010105", level: "village", nameTh: "หมู่ที่ 5", nameEn: "Moo 5" }
 */
export const lookup = (code: string): AreaName | undefined => {
  const { byCode } = getIndex()
  if (code.length !== 8) return byCode.get(code)
  if (!villageCode.test(code) || !byCode.has(code.slice(0, 6))) return undefined
  const moo = Number(code.slice(6))
  if (moo === 0) return undefined
  return { code, level: "village", nameTh: `หมู่ที่ ${moo}`, nameEn: `Moo ${moo}` }
}

/**
 * All 77 provinces, sorted by code.
 *
 * @example
 * provinces()[0] // { code: "10", level: "province", nameTh: "กรุงเทพมหานคร", nameEn: "Bangkok" }
 */
export const provinces = (): ReadonlyArray<AreaName> => getIndex().provinces

/**
 * The districts of a province or the subdistricts of a district, sorted by code; empty for
 * a subdistrict (its villages are not in the dataset) and for unknown codes.
 *
 * @example
 * children("33").length // 22 (3301 เมืองศรีสะเกษ … 3322 ศิลาลาด)
 */
export const children = (code: string): ReadonlyArray<AreaName> => getIndex().children.get(code) ?? none

/**
 * A name to show for a code in Thai or English; the code itself when it is not a known area,
 * so a list of codes always has something to print.
 *
 * @example
 * label("3301", "en")     // "Mueang Si Sa Ket"
 * label("33010105", "th") // "หมู่ที่ 5"
 * label("99", "th")       // "99"
 */
export const label = (code: string, lang: "th" | "en"): string => {
  const area = lookup(code)
  if (area === undefined) return code
  return lang === "th" ? area.nameTh : area.nameEn
}

/**
 * Every province, district and subdistrict, sorted by code: what an area directory is
 * seeded with.
 *
 * @example all().length // 77 + 929 + 7,451
 */
export const all = (): ReadonlyArray<AreaName> =>
  [...getIndex().byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
