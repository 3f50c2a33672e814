/**
 * Administrative areas by DOPA code: province (2 digits), district (4), subdistrict (6),
 * village (8). Each code is its parent's code plus two digits, so the hierarchy is a
 * prefix hierarchy and "is inside" is "starts with". Names live in `@phungpao/domain/geography`.
 */
import * as Schema from "effect/Schema"

export type Level = "province" | "district" | "subdistrict" | "village"

/** Levels from the widest to the narrowest. */
export const levels: ReadonlyArray<Level> = ["province", "district", "subdistrict", "village"]

const digitsOf: Record<Level, number> = { province: 2, district: 4, subdistrict: 6, village: 8 }

/** Thai and English names of the levels, for labels. */
export const levelLabel: Record<Level, { readonly th: string; readonly en: string }> = {
  province: { th: "จังหวัด", en: "province" },
  district: { th: "อำเภอ", en: "district" },
  subdistrict: { th: "ตำบล", en: "subdistrict" },
  village: { th: "หมู่บ้าน", en: "village" }
}

const shape = /^(\d{2}){1,4}$/

/** Why `code` is not an area code, or `undefined` when it is. */
export const problem = (code: string): string | undefined =>
  shape.test(code) ? undefined : "must be 2, 4, 6 or 8 digits"

export const AreaCode = Schema.String.pipe(
  Schema.filter((s) => problem(s) ?? true, {
    identifier: "AreaCode",
    description: "DOPA area code: 2 (province), 4 (district), 6 (subdistrict) or 8 (village) digits"
  }),
  Schema.brand("AreaCode")
)
export type AreaCode = typeof AreaCode.Type

/** A village code (หมู่บ้าน): 8 digits. */
export const VillageCode = Schema.String.pipe(
  Schema.filter((s) => (/^\d{8}$/.test(s) ? true : "must be 8 digits"), {
    identifier: "VillageCode",
    description: "8-digit village code: province(2) district(2) subdistrict(2) village(2)"
  }),
  Schema.brand("AreaCode")
)

/** The level of a code. @example level("3301") // "district" */
export const level = (code: AreaCode): Level => levels[code.length / 2 - 1] as Level

/** The code of the area at `target` level containing `code`. @example ancestor("33010101", "district") // "3301" */
export const ancestor = (code: AreaCode, target: Level): AreaCode => code.slice(0, digitsOf[target]) as AreaCode

/** The parent area, or `undefined` for a province. @example parent("330101") // "3301" */
export const parent = (code: AreaCode): AreaCode | undefined =>
  code.length > 2 ? (code.slice(0, code.length - 2) as AreaCode) : undefined

/** Whether `code` lies inside (or is) `area`. @example contains("33", "33010101") // true */
export const contains = (area: AreaCode, code: AreaCode): boolean => code.startsWith(area)

/** How many digits a code of `target` level has. */
export const digits = (target: Level): number => digitsOf[target]
