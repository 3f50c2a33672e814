/**
 * Money in satang (1 baht = 100 satang), always an integer: never floating point in the
 * domain or the database. Shown to people as `1,234.50 บาท`.
 *
 * An amount is at most 10^15 satang (10,000,000,000,000 baht) either way: far beyond any
 * fund, and far enough below 2^53 that sums of such amounts, as the fund bounds them,
 * stay exact in a JavaScript number. Larger ones are not decoded or parsed at all.
 */
import * as Schema from "effect/Schema"

/** The largest amount, either way, that decodes: 10^15 satang. */
export const maxAbs = 1_000_000_000_000_000

export const Satang = Schema.Int.pipe(
  Schema.between(-maxAbs, maxAbs, { description: "at most 10^15 satang either way" }),
  Schema.brand("Satang"),
  Schema.annotations({ identifier: "Satang" })
)
export type Satang = typeof Satang.Type

/** Whole baht to satang. @example fromBaht(12) // 1200 */
export const fromBaht = (baht: number): Satang => {
  if (!Number.isSafeInteger(baht)) throw new RangeError(`fromBaht takes whole baht, got ${baht}`)
  return (baht * 100) as Satang
}

const amount = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/**
 * Parses a written baht amount exactly (no float on the way), or `undefined`.
 *
 * @example parse("1,234.5") // 123450
 */
export const parse = (text: string): Satang | undefined => {
  const m = amount.exec(text.trim())
  if (m === null) return undefined
  const whole = Number((m[2] ?? "0").replaceAll(",", ""))
  const fraction = Number((m[3] ?? "0").padEnd(2, "0"))
  const value = whole * 100 + fraction
  if (!Number.isSafeInteger(value) || value > maxAbs) return undefined
  return (m[1] === "-" ? -value : value) as Satang
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })

/** Formats satang as baht. @example format(123450) // "1,234.50 บาท" */
export const format = (satang: Satang, unit: "th" | "en" = "th"): string => {
  const sign = satang < 0 ? "-" : ""
  const abs = Math.abs(satang)
  const text = `${grouped.format(Math.trunc(abs / 100))}.${String(abs % 100).padStart(2, "0")}`
  return `${sign}${text} ${unit === "th" ? "บาท" : "baht"}`
}
