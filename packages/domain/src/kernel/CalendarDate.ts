/**
 * Calendar dates as ISO `YYYY-MM-DD` strings in the Common Era. Thai offices write the
 * Buddhist Era (พ.ศ. = ค.ศ. + 543); B.E. input is converted at the edges by `parse`, and
 * the rules only ever see C.E. dates.
 */
import * as Schema from "effect/Schema"

/** Years at or above this are taken for Buddhist Era years when a date is parsed. */
export const firstBuddhistEraYear = 2400

const iso = /^(\d{4})-(\d{2})-(\d{2})$/

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

const real = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)

/**
 * Why `text` is not an ISO C.E. date, or `undefined` when it is.
 *
 * @example problem("2564-03-15") // "2564 looks like a Buddhist Era year: write 2021-03-15"
 */
export const problem = (text: string): string | undefined => {
  const m = iso.exec(text)
  if (m === null) return "must be a date YYYY-MM-DD"
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year >= firstBuddhistEraYear) {
    const ce = fromBuddhistYear(year)
    return real(ce, month, day)
      ? `${year} looks like a Buddhist Era year: write ${toIso(ce, month, day)}`
      : `${text} is not a calendar date (and ${year} looks like a Buddhist Era year)`
  }
  if (!real(year, month, day)) return `${text} is not a calendar date`
  return undefined
}

export const IsoDate = Schema.String.pipe(
  Schema.filter((s) => problem(s) ?? true, {
    identifier: "IsoDate",
    description: "a Common Era date YYYY-MM-DD"
  }),
  Schema.brand("IsoDate")
)
export type IsoDate = typeof IsoDate.Type

const toIso = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as IsoDate

/** C.E. year to B.E. year. @example toBuddhistYear(2021) // 2564 */
export const toBuddhistYear = (ceYear: number): number => ceYear + 543

/** B.E. year to C.E. year. @example fromBuddhistYear(2564) // 2021 */
export const fromBuddhistYear = (beYear: number): number => beYear - 543

/**
 * Parses the ways Thai offices write a date, in either era, into an ISO C.E. date:
 * `15/03/2564`, `2564-03-15`, `25640315`, `2021-03-15`, `15/03/2021`. A year at or above
 * 2400 is B.E. Returns `undefined` when the text is not a real date.
 *
 * @example parse("15/03/2564") // "2021-03-15"
 */
export const parse = (text: string): IsoDate | undefined => {
  const t = text.trim()
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
  let parts: [number, number, number] | undefined
  if (m !== null) parts = [Number(m[1]), Number(m[2]), Number(m[3])]
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)) !== null) parts = [Number(m[3]), Number(m[2]), Number(m[1])]
  else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t)) !== null) parts = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (parts === undefined) return undefined
  const [raw, month, day] = parts
  const year = raw >= firstBuddhistEraYear ? fromBuddhistYear(raw) : raw
  return real(year, month, day) ? toIso(year, month, day) : undefined
}

/**
 * A date as the number YYYYMMDD, so that dates compare as numbers and completed years
 * are a division. Assumes a valid ISO date.
 */
export const toNumber = (date: string): number =>
  (date.charCodeAt(0) - 48) * 10000000 +
  (date.charCodeAt(1) - 48) * 1000000 +
  (date.charCodeAt(2) - 48) * 100000 +
  (date.charCodeAt(3) - 48) * 10000 +
  (date.charCodeAt(5) - 48) * 1000 +
  (date.charCodeAt(6) - 48) * 100 +
  (date.charCodeAt(8) - 48) * 10 +
  (date.charCodeAt(9) - 48)

/**
 * Age in completed years on a day: the birthday itself counts. A 29 February birthday
 * is reached on 1 March in common years.
 *
 * @example ageOn("2010-03-15", "2021-03-14") // 10
 * @example ageOn("2010-03-15", "2021-03-15") // 11
 */
export const ageOn = (birthDate: string, on: string): number =>
  Math.floor((toNumber(on) - toNumber(birthDate)) / 10000)

const thaiMonths = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]

/** A date for Thai readers, in B.E. @example formatThai("2021-03-15") // "15 มี.ค. 2564" */
export const formatThai = (date: IsoDate): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return `${d} ${thaiMonths[m - 1]} ${toBuddhistYear(y)}`
}
