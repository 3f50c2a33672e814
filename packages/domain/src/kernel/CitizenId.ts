/**
 * The Thai national ID (เลขประจำตัวประชาชน): 13 digits, the first 1–8, the last a mod-11
 * check digit. It is personal data under the PDPA, so it is shown masked unless a reader
 * is entitled to see it.
 */
import * as Schema from "effect/Schema"

/**
 * Why `id` is not a valid national ID, or `undefined` when it is. Never echoes the ID.
 *
 * @example problem("1101700230708") // undefined
 */
export const problem = (id: string): string | undefined => {
  if (id.length !== 13) return `must be 13 digits, got ${id.length} characters`
  let sum = 0
  for (let i = 0; i < 13; i++) {
    const d = id.charCodeAt(i) - 48
    if (d < 0 || d > 9) return "must be 13 digits"
    if (i < 12) sum += d * (13 - i)
  }
  const first = id.charCodeAt(0) - 48
  if (first < 1 || first > 8) return "the first digit (person type) must be 1–8"
  const check = (11 - (sum % 11)) % 10
  if (check !== id.charCodeAt(12) - 48) return "the check digit is wrong"
  return undefined
}

/** Whether `id` is a valid national ID. @example isValid("1234567890123") // false */
export const isValid = (id: string): boolean => problem(id) === undefined

/** The check digit for the first 12 digits. @example checkDigit("110170023070") // 8 */
export const checkDigit = (first12: string): number => {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (13 - i)
  return (11 - (sum % 11)) % 10
}

export const CitizenId = Schema.String.pipe(
  Schema.filter((s) => problem(s) ?? true, {
    identifier: "CitizenId",
    description: "Thai national ID: 13 digits with a valid check digit"
  }),
  Schema.brand("CitizenId")
)
export type CitizenId = typeof CitizenId.Type

/**
 * The masked form every read gives by default, in data (JSON, the API, exports of
 * decisions): thirteen characters, all but the last four digits `x`, so it keeps the
 * ID's length and cannot be mistaken for one.
 *
 * @example mask("1101700230708") // "xxxxxxxxx0708"
 */
export const mask = (id: string): string => `xxxxxxxxx${id.slice(9, 13)}`

/** Whether a value is in the masked form of `mask`. @example isMasked("xxxxxxxxx0708") // true */
export const isMasked = (value: string): boolean => /^x{9}\d{4}$/.test(value)

/**
 * How a person reads an ID on a screen or in a table (`identifiers.md`): masked, only
 * the last three digits in the grouped form `x-xxxx-xxxxx-12-3`; from a full ID or from
 * its `mask`.
 *
 * @example display("xxxxxxxxx0708") // "x-xxxx-xxxxx-70-8"
 */
export const display = (value: string): string => `x-xxxx-xxxxx-${value.slice(10, 12)}-${value.slice(12, 13)}`

/**
 * What a table shows of a value a read gave: a masked ID as a person reads it (`display`),
 * a full one (an unmasked read) as it is.
 *
 * @example readable("xxxxxxxxx0708") // "x-xxxx-xxxxx-70-8"; readable("1101700230708") // "1101700230708"
 */
export const readable = (value: string): string => (isMasked(value) ? display(value) : value)

/** The grouped form `N-RRRR-GGGGG-SS-C`, for readers entitled to the full ID. */
export const format = (id: string): string =>
  `${id.slice(0, 1)}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id.slice(12, 13)}`

// Thirteen digits in a row (or more: an ID run into other digits), or an ID in its
// grouping N-RRRR-GGGGG-SS-C with dashes or spaces, never part of a longer number.
const written = /(?<!\d)(?:\d{13,}|\d([- ])\d{4}\1\d{5}\1\d{2}\1\d)(?!\d)/g

/**
 * Free text (a note, a reason) with every citizen ID in it masked, valid or not, in the
 * grouped form a person reads (`x-xxxx-xxxxx-70-8`: the last three digits only), since
 * free text is read by people; a longer run of digits keeps only its last three. What a
 * person typed is personal data wherever they typed it.
 *
 * @example maskIn("มอบให้ 1-1017-00230-70-8 แล้ว") // "มอบให้ x-xxxx-xxxxx-70-8 แล้ว"
 */
export const maskIn = (text: string): string =>
  text.replace(written, (found) => {
    const digits = found.replace(/\D/g, "")
    return digits.length === 13 ? `x-xxxx-xxxxx-${digits.slice(10, 12)}-${digits.slice(12)}` : `${"x".repeat(digits.length - 3)}${digits.slice(-3)}`
  })
