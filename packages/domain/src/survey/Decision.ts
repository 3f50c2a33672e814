/**
 * The decision a rule set reaches for one household: every indicator's status with the
 * members behind it, the failed dimensions, the deprivation score, whether the household
 * is survey-poor and a target, and a Thai and English reason for every failed indicator.
 * Its JSON form is the one `phungpao evaluate --format json` prints.
 */
import * as Schema from "effect/Schema"
import * as CitizenId from "../kernel/CitizenId.js"
import * as Dimension from "./Dimension.js"
import { Status } from "./Indicator.js"

export const IndicatorResult = Schema.Struct({
  indicator: Schema.Int,
  dimension: Dimension.Dimension,
  status: Status,
  /** Citizen IDs behind a `fail` or `unknown`, sorted; empty otherwise. Personal data. */
  members: Schema.Array(Schema.String)
}).annotations({ identifier: "IndicatorResult" })
export type IndicatorResult = typeof IndicatorResult.Type

export const Reason = Schema.Struct({
  indicator: Schema.Int,
  th: Schema.String,
  en: Schema.String
}).annotations({ identifier: "Reason" })
export type Reason = typeof Reason.Type

export const Decision = Schema.Struct({
  houseCode: Schema.String,
  surveyYear: Schema.Int,
  /** The rule set's key: its id, plus any parameter that differs from its defaults. */
  ruleSet: Schema.String,
  indicators: Schema.Array(IndicatorResult),
  failedDimensions: Schema.Array(Dimension.Dimension),
  deprivationScore: Schema.Number,
  surveyPoor: Schema.Boolean,
  target: Schema.Boolean,
  reasons: Schema.Array(Reason)
}).annotations({ identifier: "Decision" })
export type Decision = typeof Decision.Type

/** The result for one indicator number, if the rule set has it. */
export const indicator = (decision: Decision, number: number): IndicatorResult | undefined =>
  decision.indicators.find((r) => r.indicator === number)

/** Whether the decision fails a dimension. */
export const fails = (decision: Decision, dimension: Dimension.Dimension): boolean =>
  decision.failedDimensions.includes(dimension)

// Results without members are shared, frozen values (see RuleSet), so their JSON is
// computed once; a million-household file then costs a fraction of JSON.stringify.
const encoded = new WeakMap<object, string>()
const encodeShared = (value: object): string => {
  let text = encoded.get(value)
  if (text === undefined) {
    text = JSON.stringify(value)
    if (Object.isFrozen(value)) encoded.set(value, text)
  }
  return text
}

/**
 * The decision as one line of JSON, identical to `JSON.stringify(decision)` but several
 * times faster on shared results.
 */
export const toJson = (d: Decision): string => {
  let indicators: string
  if (Object.isFrozen(d.indicators)) {
    indicators = encodeShared(d.indicators).slice(1, -1)
  } else {
    indicators = ""
    for (let i = 0; i < d.indicators.length; i++) indicators += (i === 0 ? "" : ",") + encodeShared(d.indicators[i]!)
  }
  return (
    `{"houseCode":${JSON.stringify(d.houseCode)},"surveyYear":${JSON.stringify(d.surveyYear)},"ruleSet":${JSON.stringify(d.ruleSet)}` +
    `,"indicators":[${indicators}],"failedDimensions":${JSON.stringify(d.failedDimensions)}` +
    `,"deprivationScore":${JSON.stringify(d.deprivationScore)},"surveyPoor":${d.surveyPoor},"target":${d.target}` +
    `,"reasons":${JSON.stringify(d.reasons)}}`
  )
}

/**
 * A decision in the few bytes a registry keeps: one letter per indicator status (in the
 * rule set's order: `p`ass, `f`ail, `u`nknown, `n`ot applicable), the members behind a
 * fail or unknown by indicator number, and the outcome. `expand` rebuilds the decision
 * with the rule set's indicators.
 */
export interface Compact {
  readonly houseCode: string
  readonly surveyYear: number
  readonly ruleSet: string
  readonly statuses: string
  readonly members: Readonly<Record<string, ReadonlyArray<string>>>
  readonly surveyPoor: boolean
  readonly target: boolean
  readonly reasons: ReadonlyArray<Reason>
}

const letters: Record<string, string> = { pass: "p", fail: "f", unknown: "u", not_applicable: "n" }
const statusOf: Record<string, IndicatorResult["status"]> = { p: "pass", f: "fail", u: "unknown", n: "not_applicable" }

// A shared (frozen) list of results names no member: its letters are worked out once.
const sharedStatuses = new WeakMap<object, string>()
const noMembers: Readonly<Record<string, ReadonlyArray<string>>> = Object.freeze({})

/** The compact form of a decision. */
export const compact = (d: Decision): Compact => {
  let members: Record<string, ReadonlyArray<string>> = noMembers
  let statuses = Object.isFrozen(d.indicators) ? sharedStatuses.get(d.indicators) : undefined
  if (statuses === undefined) {
    statuses = ""
    for (const r of d.indicators) {
      statuses += letters[r.status]
      if (r.members.length > 0) (members === noMembers ? (members = {}) : members)[String(r.indicator)] = r.members
    }
    if (members === noMembers && Object.isFrozen(d.indicators)) sharedStatuses.set(d.indicators, statuses)
  }
  return {
    houseCode: d.houseCode,
    surveyYear: d.surveyYear,
    ruleSet: d.ruleSet,
    statuses,
    members,
    surveyPoor: d.surveyPoor,
    target: d.target,
    reasons: d.reasons
  }
}

/** Rebuilds a decision from its compact form and the indicators (number, dimension) it was made with. */
export const expand = (
  c: Compact,
  indicators: ReadonlyArray<{ readonly number: number; readonly dimension: Dimension.Dimension }>
): Decision => {
  const failed = new Set<Dimension.Dimension>()
  const results = indicators.map((indicator, slot): IndicatorResult => {
    const status = statusOf[c.statuses[slot] ?? ""]
    if (status === undefined) throw new Error(`compact decision of ${c.houseCode}: bad status at slot ${slot}`)
    if (status === "fail") failed.add(indicator.dimension)
    return { indicator: indicator.number, dimension: indicator.dimension, status, members: c.members[String(indicator.number)] ?? [] }
  })
  const failedDimensions = Dimension.all.filter((d) => failed.has(d))
  return {
    houseCode: c.houseCode,
    surveyYear: c.surveyYear,
    ruleSet: c.ruleSet,
    indicators: results,
    failedDimensions,
    deprivationScore: failedDimensions.length / Dimension.all.length,
    surveyPoor: c.surveyPoor,
    target: c.target,
    reasons: c.reasons
  }
}

/**
 * The decision as every read shows it unless the reader may and asks to unmask: the
 * members behind each indicator by masked citizen ID (`CitizenId.mask`). Shared results
 * (no members) are kept as they are.
 *
 * @example masked(decision).indicators[0].members // ["xxxxxxxxx1053"]
 */
export const masked = (d: Decision): Decision =>
  d.indicators.every((r) => r.members.length === 0)
    ? d
    : { ...d, indicators: d.indicators.map((r) => (r.members.length === 0 ? r : { ...r, members: r.members.map(CitizenId.mask) })) }

