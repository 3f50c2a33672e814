/**
 * Pledges (แจ้งความประสงค์สมทบ): a contributor's intent to give an amount by a date. A
 * pledge is not money and has no account: it never moves a balance. Receipts that name it
 * fulfil it, wholly or partly; when its date passes unfulfilled it lapses.
 */
import * as Schema from "effect/Schema"
import * as CalendarDate from "../kernel/CalendarDate.js"
import { ContributorId } from "./Contributor.js"
import * as Ledger from "./Ledger.js"
import type * as Satang from "../kernel/Satang.js"

export const PledgeId = Schema.String.pipe(
  Schema.pattern(/^P-\d+$/, { identifier: "PledgeId", description: "P- and a number" }),
  Schema.brand("PledgeId")
)
export type PledgeId = typeof PledgeId.Type

/** The id of the `n`th pledge. @example id(3) // "P-3" */
export const id = (n: number): PledgeId => `P-${n}` as PledgeId

/** A pledge as someone gives it. */
export const Input = Schema.Struct({
  contributor: ContributorId,
  amount: Ledger.Amount,
  /** The day by which the contributor means to give. */
  due: CalendarDate.IsoDate,
  pledgedOn: CalendarDate.IsoDate
}).annotations({ identifier: "PledgeInput" })
export type Input = typeof Input.Type

export class Pledge extends Schema.Class<Pledge>("Pledge")({
  id: PledgeId,
  ...Input.fields,
  recordedAt: Ledger.Timestamp,
  recordedBy: Schema.String
}) {}

/** Where a pledge stands on a day; `received` above zero but short of the amount is "partly". */
export type State =
  | { readonly _tag: "open"; readonly received: Satang.Satang; readonly outstanding: Satang.Satang }
  | { readonly _tag: "fulfilled"; readonly received: Satang.Satang }
  | { readonly _tag: "lapsed"; readonly received: Satang.Satang; readonly shortfall: Satang.Satang }

/** What a pledge's state counts of a receipt (a `Receipt.Receipt` is one; Receipt names pledges, so not the other way round). */
export interface Counted {
  readonly pledge?: PledgeId | undefined
  readonly amount: Satang.Satang
  readonly valueDate: CalendarDate.IsoDate
  readonly reversal?: unknown
}

/**
 * A pledge's state on `on`, from the receipts that name it and arrived (by value date) on
 * or before that day. Reversed receipts count for nothing: the money never was. A pledge
 * is fulfilled once receipts reach its amount, even late; short of it, it is open until
 * its due day and lapsed after.
 *
 * @example
 * // 1,000 baht pledged by 2022-03-31; one receipt of 400 baht naming it on 2022-03-01
 * state(pledge, receipts, "2022-04-01") // { _tag: "lapsed", received: 40000, shortfall: 60000 }
 */
export const state = (
  pledge: Pledge,
  receipts: ReadonlyArray<Counted>,
  on: CalendarDate.IsoDate
): State => {
  const received = receipts
    .filter((r) => r.pledge === pledge.id && r.reversal === undefined && r.valueDate <= on)
    .reduce((total, r) => total + r.amount, 0) as Satang.Satang
  if (received >= pledge.amount) return { _tag: "fulfilled", received }
  const short = (pledge.amount - received) as Satang.Satang
  return on > pledge.due ? { _tag: "lapsed", received, shortfall: short } : { _tag: "open", received, outstanding: short }
}
