/**
 * The decision a rule set reaches for one household: every indicator's status with the
 * members behind it, the failed dimensions, the deprivation score, whether the household
 * is survey-poor and a target, and a Thai and English reason for every failed indicator.
 * Its JSON form is the one `phungpao evaluate --format json` prints.
 */
import * as Schema from "effect/Schema"
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
