/**
 * A problem (ปัญหา) is one failed indicator of one target household: the unit progress is
 * counted in "by problem". It is opened when the household is analysed and closed by a
 * mark (self-resolved, cannot resolve, with a reason), by help a follow-up confirms, or by
 * a later survey round in which its indicator passes. Its status is derived (see
 * `Journey.problemStatus`); only the facts are stored here.
 */
import * as Schema from "effect/Schema"
import * as CalendarDate from "../kernel/CalendarDate.js"
import type * as Decision from "../survey/Decision.js"
import * as Dimension from "../survey/Dimension.js"

/**
 * identified: opened, nothing planned; inProgress: a live plan action addresses it;
 * assisted: help was given for it; resolved: help confirmed by a follow-up, or its
 * indicator passes in a later round; selfResolved / cannotResolve: marked with a reason.
 */
export const Status = Schema.Literal("identified", "inProgress", "assisted", "resolved", "selfResolved", "cannotResolve")
export type Status = typeof Status.Type

/** Thai and English labels of the statuses. */
export const statusLabel: Record<Status, { readonly th: string; readonly en: string }> = {
  identified: { th: "พบปัญหา", en: "identified" },
  inProgress: { th: "อยู่ระหว่างดำเนินการ", en: "in progress" },
  assisted: { th: "ได้รับความช่วยเหลือแล้ว", en: "assisted" },
  resolved: { th: "แก้ไขได้แล้ว", en: "resolved" },
  selfResolved: { th: "แก้ไขได้ด้วยตนเอง", en: "self-resolved" },
  cannotResolve: { th: "แก้ไขไม่ได้", en: "cannot resolve" }
}

/** The statuses that close a problem. */
export const closedStatuses: ReadonlyArray<Status> = ["resolved", "selfResolved", "cannotResolve"]

/** Whether a status closes the problem. @example isClosed("selfResolved") // true */
export const isClosed = (status: Status): boolean => closedStatuses.includes(status)

/** A closing fact stored on the problem: a mark with its reason, or a later round's pass. */
export const Closure = Schema.Union(
  Schema.TaggedStruct("selfResolved", { reason: Schema.NonEmptyTrimmedString, on: CalendarDate.IsoDate, by: Schema.String }),
  Schema.TaggedStruct("cannotResolve", { reason: Schema.NonEmptyTrimmedString, on: CalendarDate.IsoDate, by: Schema.String }),
  Schema.TaggedStruct("passedInRound", {
    /** The later survey round (B.E. year) whose decision passes the indicator. */
    round: Schema.Int,
    on: CalendarDate.IsoDate,
    by: Schema.String
  })
)
export type Closure = typeof Closure.Type

export const Problem = Schema.Struct({
  houseCode: Schema.String,
  /** The จปฐ. item number of the failed indicator. */
  indicator: Schema.Int,
  dimension: Dimension.Dimension,
  openedOn: CalendarDate.IsoDate,
  closure: Schema.optionalWith(Closure, { exact: true })
}).annotations({ identifier: "Problem" })
export type Problem = typeof Problem.Type

/** A failed indicator as a household's journey keeps it until analysis. */
export const Failed = Schema.Struct({ indicator: Schema.Int, dimension: Dimension.Dimension }).annotations({ identifier: "FailedIndicator" })
export type Failed = typeof Failed.Type

/**
 * The failed indicators of a decision, in the rule set's order: they become the
 * household's problems.
 *
 * @example failed(decision) // [{ indicator: 8, dimension: "living" }, …]
 */
export const failed = (decision: Decision.Decision): ReadonlyArray<Failed> =>
  decision.indicators.filter((r) => r.status === "fail").map((r) => ({ indicator: r.indicator, dimension: r.dimension }))

/** The problems analysis opens on `on` from a household's failed indicators. */
export const open = (houseCode: string, failures: ReadonlyArray<Failed>, on: CalendarDate.IsoDate): ReadonlyArray<Problem> =>
  failures.map((f) => ({ houseCode, indicator: f.indicator, dimension: f.dimension, openedOn: on }))

/**
 * The open problems a later round's decision closes: those whose indicator passes in it.
 * An indicator the rule set no longer has, or that is unknown or not applicable, closes
 * nothing.
 */
export const passingIn = (problems: ReadonlyArray<Problem>, decision: Decision.Decision): ReadonlyArray<Problem> => {
  const passing = new Set(decision.indicators.filter((r) => r.status === "pass").map((r) => r.indicator))
  return problems.filter((p) => passing.has(p.indicator))
}
