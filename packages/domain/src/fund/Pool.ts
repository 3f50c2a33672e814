/**
 * The pools of the fund. Unrestricted money serves any approved purpose; restricted
 * (earmarked) money was given for one purpose, one area, or both, and serves only requests
 * that match. A pool is named by its restriction, so two receipts earmarked alike land in
 * the same pool without anyone creating it first.
 */
import * as Schema from "effect/Schema"
import * as Area from "../kernel/Area.js"

/** What a request is for, as a program code (`school-uniforms`), so it can name a pool. */
export const Purpose = Schema.String.pipe(
  Schema.filter((s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s) || "must be a code like school-uniforms", {
    identifier: "Purpose",
    description: "a program code: lower-case letters and digits joined by hyphens"
  }),
  Schema.brand("Purpose")
)
export type Purpose = typeof Purpose.Type

/** A pool: no restriction is the unrestricted pool. */
export const Pool = Schema.Struct({
  purpose: Schema.optionalWith(Purpose, { exact: true }),
  area: Schema.optionalWith(Area.AreaCode, { exact: true })
}).annotations({ identifier: "Pool" })
export type Pool = typeof Pool.Type

export const unrestricted: Pool = {}

/**
 * The pool's name as one string, for map keys, database columns and error messages.
 * Purposes and area codes cannot contain `=` or `,`, so the key is unambiguous.
 *
 * @example key({ purpose: "school-uniforms", area: "3301" }) // "purpose=school-uniforms,area=3301"
 */
export const key = (pool: Pool): string => {
  if (pool.purpose === undefined && pool.area === undefined) return "unrestricted"
  const parts: Array<string> = []
  if (pool.purpose !== undefined) parts.push(`purpose=${pool.purpose}`)
  if (pool.area !== undefined) parts.push(`area=${pool.area}`)
  return parts.join(",")
}

/**
 * Whether a pool may pay for a purpose in a village: earmarked money goes only where it
 * was given for.
 *
 * @example serves({ area: "3301" }, "school-uniforms", "33010101") // true
 */
export const serves = (pool: Pool, purpose: Purpose, villageCode: Area.AreaCode): boolean =>
  (pool.purpose === undefined || pool.purpose === purpose) &&
  (pool.area === undefined || Area.contains(pool.area, villageCode))
