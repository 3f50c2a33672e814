/**
 * An indicator (ตัวชี้วัด) of a rule set and the status it evaluates to. An indicator is
 * data: its จปฐ. number, dimension, wording, who it applies to and how to say why it
 * failed. Its rule (who is in scope, what passes) is the rule set's `assess` function.
 */
import * as Schema from "effect/Schema"
import type * as Dimension from "./Dimension.js"
import type { SurveyRecord } from "./SurveyRecord.js"

/**
 * `not_applicable`: nobody in scope; `fail`: an in-scope member (or the household) fails;
 * `unknown`: nothing fails but an answer is missing; `pass`: every answer passes.
 */
export const Status = Schema.Literal("pass", "fail", "unknown", "not_applicable")
export type Status = typeof Status.Type

/** A Thai and an English text. */
export interface Text {
  readonly th: string
  readonly en: string
}

/** The thresholds and the dimension cutoff a rule set is evaluated with. */
export const Parameters = Schema.Struct({
  minBirthWeightGrams: Schema.Number.pipe(Schema.finite(), Schema.nonNegative()),
  minDrinkingWaterLitres: Schema.Number.pipe(Schema.finite(), Schema.nonNegative()),
  minWaterUseLitres: Schema.Number.pipe(Schema.finite(), Schema.nonNegative()),
  minAnnualIncomePerPersonBaht: Schema.Number.pipe(Schema.finite(), Schema.nonNegative()),
  k: Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(1))
}).annotations({ identifier: "Parameters" })
export type Parameters = typeof Parameters.Type

interface Common {
  /** The จปฐ. 2560–2564 item number field staff know it by. */
  readonly number: number
  readonly dimension: Dimension.Dimension
  /** The จปฐ. wording (th) and its English rendering. */
  readonly wording: Text
}

/** An indicator answered once for the whole household. */
export interface HouseholdIndicator extends Common {
  readonly scope: "household"
  /** When it passes, in words. */
  readonly passesWhen: Text
  readonly reason: (record: SurveyRecord, p: Parameters) => Text
}

/** An indicator answered per member; it fails when any in-scope member fails. */
export interface MemberIndicator extends Common {
  readonly scope: "member"
  /** Who it applies to, in words. */
  readonly appliesTo: Text
  /** When an in-scope member passes, in words. */
  readonly passesWhen: Text
  /** Why it failed, given how many in-scope members fail. */
  readonly reason: (failing: number, p: Parameters) => Text
}

/** Status codes `assess` writes, one byte per indicator. */
export const PASS = 0
export const FAIL = 1
export const UNKNOWN = 2
export const NOT_APPLICABLE = 3

/** The status names of the codes above. */
export const statusOfCode: ReadonlyArray<Status> = ["pass", "fail", "unknown", "not_applicable"]

/**
 * A rule set's evaluation of one record: writes each indicator's status code into
 * `statuses` (rule-set order) and, for a `fail` or `unknown`, the citizen IDs behind it
 * into `members` (unsorted; other slots are left stale).
 */
export type Assess = (
  record: SurveyRecord,
  p: Parameters,
  statuses: Uint8Array,
  members: Array<Array<string>>
) => void

export type Indicator = HouseholdIndicator | MemberIndicator
