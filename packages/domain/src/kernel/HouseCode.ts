/**
 * The house registration code (รหัสประจำบ้าน): 11 digits, the first four naming the
 * registration office. No check digit is published, so only the shape is validated.
 */
import * as Schema from "effect/Schema"

const shape = /^\d{11}$/

/** Why `code` is not a house code, or `undefined` when it is. */
export const problem = (code: string): string | undefined =>
  shape.test(code) ? undefined : "must be 11 digits"

export const HouseCode = Schema.String.pipe(
  Schema.filter((s) => problem(s) ?? true, { identifier: "HouseCode", description: "11-digit house code" }),
  Schema.brand("HouseCode")
)
export type HouseCode = typeof HouseCode.Type

/** The registration office (สำนักทะเบียน) of a house code. @example office("33010000001") // "3301" */
export const office = (code: HouseCode): string => code.slice(0, 4)
