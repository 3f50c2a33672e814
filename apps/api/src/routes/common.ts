/** Query and path fields many routes share, and the page of a list. */
import { Area, HouseCode } from "@phungpao/domain"
import * as Schema from "effect/Schema"

const int = (description: string) => Schema.NumberFromString.pipe(Schema.int(), Schema.annotations({ description }))

export const Round = Schema.NumberFromString.pipe(Schema.int(), Schema.between(2400, 2800), Schema.annotations({ description: "The survey round: its Buddhist Era year, e.g. 2564" }))

export const Limit = Schema.optionalWith(
  Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500), Schema.annotations({ description: "Items a page holds, 1 to 500 (default 50)" })),
  { exact: true }
)

/** An opaque position in a list: the `next` of the page before. */
export const Cursor = Schema.optionalWith(Schema.String.pipe(Schema.maxLength(200), Schema.annotations({ description: "The `next` of the page before" })), { exact: true })

export const AreaCode = Area.AreaCode.annotations({ description: "An area code: 2 digits a province, 4 a district, 6 a subdistrict, 8 a village" })

export const OptionalArea = Schema.optionalWith(AreaCode, { exact: true })

export const HouseCodeParam = { houseCode: HouseCode.HouseCode }

/** `unmask=true` asks for citizen IDs in full (roles that may; on record), with an optional reason kept with the record. */
export const Unmask = {
  unmask: Schema.optionalWith(Schema.Literal("true", "false").annotations({ description: "true: citizen IDs in full, on record in the audit log" }), { exact: true }),
  reason: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(200)).annotations({ description: "Why the IDs are needed: kept in the audit log" }), { exact: true })
}

export const wantsUnmasked = (query: { readonly unmask?: "true" | "false" }) => query.unmask === "true"

export const whole = int

/** An object the domain computes and no Schema of its own describes: checked as an object, described in words. */
export const Loose = (identifier: string, description: string): Schema.Schema<any> =>
  Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({ identifier, description })

/** The page of a list: its items and where the next page starts (null at the end). */
export const Page = <A, I>(item: Schema.Schema<A, I>, identifier: string) =>
  Schema.Struct({ items: Schema.Array(item), next: Schema.NullOr(Schema.String) }).annotations({ identifier })

export const cursorOf = (houseCode: string | undefined): string | null => (houseCode === undefined ? null : Buffer.from(houseCode, "utf8").toString("base64url"))

/** The position a cursor stands for, or undefined for a cursor this server did not give. */
export const afterOf = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined
  const text = Buffer.from(cursor, "base64url").toString("utf8")
  return /^[\x21-\x7e]{1,100}$/.test(text) ? text : "\u0000invalid"
}

/** A list answered from memory, a page at a time, in a stable order by `keyOf`. */
export const pageOf = <A>(items: ReadonlyArray<A>, keyOf: (a: A) => string, cursor: string | undefined, limit: number | undefined) => {
  const after = afterOf(cursor)
  const n = limit ?? 50
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  const rest = after === undefined ? sorted : sorted.filter((a) => keyOf(a) > after)
  const page = rest.slice(0, n)
  return { items: page, next: rest.length > n ? cursorOf(keyOf(page[page.length - 1]!)) : null }
}
