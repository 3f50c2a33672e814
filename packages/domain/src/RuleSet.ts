/**
 * A rule set: an id, parameters, its indicators as data, and its `assess` function; and
 * the one pure function that turns a survey record into a decision. A rule set is
 * identified by its id plus its parameters, so a what-if ("income threshold 30,000") is
 * the same rule set with other parameters.
 */
import * as Schema from "effect/Schema"
import type { Decision, IndicatorResult, Reason } from "./Decision.js"
import * as Dimension from "./Dimension.js"
import { type Assess, FAIL, type Indicator, Parameters, statusOfCode, UNKNOWN } from "./Indicator.js"
import type { SurveyRecord } from "./SurveyRecord.js"
import * as Tpmap2565 from "./Tpmap2565.js"

export interface RuleSet {
  readonly id: string
  readonly parameters: Parameters
  readonly defaults: Parameters
  /** Indicators in ascending order of their number; `assess` writes their statuses in this order. */
  readonly indicators: ReadonlyArray<Indicator>
  readonly assess: Assess
  /** `id` alone with the default parameters, else `id{name=value,…}` for those that differ. */
  readonly key: string
}

const keyOf = (id: string, parameters: Parameters, defaults: Parameters): string => {
  const changed = (Object.keys(parameters) as Array<keyof Parameters>)
    .filter((name) => parameters[name] !== defaults[name])
    .sort()
    .map((name) => `${name}=${parameters[name]}`)
  return changed.length === 0 ? id : `${id}{${changed.join(",")}}`
}

/** A result with no members is the same value every time, so it is made once. */
const shared = (indicators: ReadonlyArray<Indicator>): ReadonlyArray<ReadonlyArray<IndicatorResult>> =>
  indicators.map((i) =>
    statusOfCode.map((status) => Object.freeze({ indicator: i.number, dimension: i.dimension, status, members: none }))
  )

const none: ReadonlyArray<string> = Object.freeze([])

interface Compiled extends RuleSet {
  readonly results: ReadonlyArray<ReadonlyArray<IndicatorResult>>
  readonly dimensionBits: ReadonlyArray<number>
}

const make = (
  id: string,
  defaults: Parameters,
  indicators: ReadonlyArray<Indicator>,
  assess: Assess,
  parameters = defaults
): RuleSet => {
  const compiled: Compiled = {
    id,
    parameters,
    defaults,
    indicators,
    assess,
    key: keyOf(id, parameters, defaults),
    results: shared(indicators),
    dimensionBits: indicators.map((i) => 1 << Dimension.all.indexOf(i.dimension))
  }
  return compiled
}

/** Rule set `tpmap-2565` with its published parameters. */
export const tpmap2565: RuleSet = make(Tpmap2565.id, Tpmap2565.defaults, Tpmap2565.indicators, Tpmap2565.assess)

/** The rule sets this version knows, by id. */
export const known: ReadonlyMap<string, RuleSet> = new Map([[tpmap2565.id, tpmap2565]])

const decodeParameters = Schema.decodeUnknownSync(Parameters)

/**
 * The same rule set with some parameters overridden: a what-if. Throws a `ParseError`
 * for a value out of range (e.g. `k` of 0); decode user input with `Parameters` first.
 *
 * @example evaluate(withParameters(tpmap2565, { minAnnualIncomePerPersonBaht: 30000 }), record)
 */
export const withParameters = (ruleSet: RuleSet, overrides: Partial<Parameters>): RuleSet =>
  make(ruleSet.id, ruleSet.defaults, ruleSet.indicators, ruleSet.assess, decodeParameters({ ...ruleSet.parameters, ...overrides }))

// Scratch space for `assess`: evaluation is synchronous, so one buffer serves every call.
let statuses = new Uint8Array(0)
const involved: Array<Array<string>> = []

const compiledOf = (ruleSet: RuleSet): Compiled =>
  "results" in ruleSet ? (ruleSet as Compiled) : (make(ruleSet.id, ruleSet.defaults, ruleSet.indicators, ruleSet.assess, ruleSet.parameters) as Compiled)

/**
 * Evaluates one valid survey record (see `SurveyRecord.decode`). Ages are completed
 * years on `surveyedOn`.
 *
 * @example evaluate(tpmap2565, record).target // true when survey-poor with a verified welfare card
 */
export const evaluate = (ruleSet: RuleSet, record: SurveyRecord): Decision => {
  const rs = compiledOf(ruleSet)
  const count = rs.indicators.length
  if (statuses.length < count) statuses = new Uint8Array(count)
  rs.assess(record, rs.parameters, statuses, involved)
  const indicators = new Array<IndicatorResult>(count)
  let reasons: Array<Reason> | undefined
  let failed = 0
  for (let slot = 0; slot < count; slot++) {
    const code = statuses[slot]!
    const indicator = rs.indicators[slot]!
    if (code === FAIL || (code === UNKNOWN && indicator.scope === "member")) {
      const members = indicator.scope === "member" ? involved[slot]!.sort() : none
      indicators[slot] = { indicator: indicator.number, dimension: indicator.dimension, status: statusOfCode[code]!, members }
    } else {
      indicators[slot] = rs.results[slot]![code]!
    }
    if (code === FAIL) {
      failed |= rs.dimensionBits[slot]!
      const text = indicator.scope === "member" ? indicator.reason(involved[slot]!.length, rs.parameters) : indicator.reason(record, rs.parameters)
      ;(reasons ??= []).push({ indicator: indicator.number, th: text.th, en: text.en })
    }
  }
  const failedDimensions = failed === 0 ? noDimensions : Dimension.all.filter((_, i) => (failed & (1 << i)) !== 0)
  const deprivationScore = failedDimensions.length / Dimension.all.length
  const surveyPoor = deprivationScore >= rs.parameters.k
  return {
    houseCode: record.houseCode,
    surveyYear: record.surveyYear,
    ruleSet: rs.key,
    indicators,
    failedDimensions,
    deprivationScore,
    surveyPoor,
    target: surveyPoor && record.welfareCard === "verified",
    reasons: reasons ?? noReasons
  }
}

const noDimensions: ReadonlyArray<Dimension.Dimension> = Object.freeze([])
const noReasons: ReadonlyArray<Reason> = Object.freeze([])
