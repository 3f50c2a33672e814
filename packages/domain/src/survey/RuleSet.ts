/**
 * A rule set: an id, parameters, its indicators as data, and its `assess` function; and
 * the one pure function that turns a survey record into a decision. A rule set is
 * identified by its id plus its parameters, so a what-if ("income threshold 30,000") is
 * the same rule set with other parameters.
 */
import * as Schema from "effect/Schema"
import type { Decision, IndicatorResult, Reason } from "./Decision.js"
import * as Dimension from "./Dimension.js"
import { type Assess, FAIL, type Indicator, NOT_APPLICABLE, Parameters, PASS, statusOfCode, UNKNOWN } from "./Indicator.js"
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
  readonly perMember: ReadonlyArray<boolean>
  /** Whole result lists of households with no member named, by their status codes. */
  readonly patterns: Map<number, ReadonlyArray<IndicatorResult>>
  /** A person indicator's reason depends only on how many members fail it: made once per count. */
  readonly memberReasons: Map<number, Reason>
}

/** Enough for every pattern real data shows; past it, lists are simply built each time. */
const maxPatterns = 4096

/** The failed dimensions for every bit set of them, in reporting order, made once. */
const dimensionSets: ReadonlyArray<ReadonlyArray<Dimension.Dimension>> = Array.from({ length: 1 << Dimension.all.length }, (_, bits) =>
  Object.freeze(Dimension.all.filter((_, i) => (bits & (1 << i)) !== 0))
)

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
    dimensionBits: indicators.map((i) => 1 << Dimension.all.indexOf(i.dimension)),
    perMember: indicators.map((i) => i.scope === "member"),
    patterns: new Map(),
    memberReasons: new Map()
  }
  return compiled
}

/** Rule set `tpmap-2565` with its published parameters. */
export const tpmap2565: RuleSet = make(Tpmap2565.id, Tpmap2565.defaults, Tpmap2565.indicators, Tpmap2565.assess)

/** The rule sets this version knows, by id. */
export const known: ReadonlyMap<string, RuleSet> = new Map([[tpmap2565.id, tpmap2565]])

/**
 * The rule set decisions are made under: the one the province runs (`tpmap-2565`), or a
 * what-if of it with `parameters` changed. Every use case and app asks here rather than
 * naming a rule set, so the next rule set is a change in one place.
 *
 * @example resolve().key // "tpmap-2565"; resolve({ k: 2 / 5 }).key // "tpmap-2565{k=0.4}"
 */
export const resolve = (parameters: Partial<Parameters> = {}): RuleSet =>
  Object.keys(parameters).length === 0 ? tpmap2565 : withParameters(tpmap2565, parameters)

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
  // Most households name no member (nothing fails, nothing personal is unknown): their
  // whole list of results is one shared value per pattern of status codes.
  let pattern = 0
  let named = false
  for (let slot = 0; slot < count; slot++) {
    const code = statuses[slot]!
    if (code === FAIL || (code === UNKNOWN && rs.perMember[slot])) {
      named = true
      break
    }
    // Base 3 over pass / not applicable / unknown keeps the key a small integer (a fast
    // map key) for up to 19 indicators.
    pattern = pattern * 3 + (code === NOT_APPLICABLE ? 1 : code)
  }
  if (!named) {
    let indicators = rs.patterns.get(pattern)
    if (indicators === undefined) {
      indicators = Object.freeze(Array.from({ length: count }, (_, slot) => rs.results[slot]![statuses[slot]!]!))
      if (rs.patterns.size < maxPatterns) rs.patterns.set(pattern, indicators)
    }
    return decide(rs, record, indicators, 0, noReasons)
  }
  const indicators: Array<IndicatorResult> = []
  let reasons: Array<Reason> | undefined
  let failed = 0
  for (let slot = 0; slot < count; slot++) {
    const code = statuses[slot]!
    if (code === PASS || code === NOT_APPLICABLE || (code === UNKNOWN && !rs.perMember[slot])) {
      indicators.push(rs.results[slot]![code]!)
      continue
    }
    const indicator = rs.indicators[slot]!
    const members = indicator.scope === "member" ? involved[slot]!.sort() : none
    indicators.push({ indicator: indicator.number, dimension: indicator.dimension, status: statusOfCode[code]!, members })
    if (code === FAIL) {
      failed |= rs.dimensionBits[slot]!
      ;(reasons ??= []).push(reasonOf(rs, indicator, slot, record, members.length))
    }
  }
  return decide(rs, record, indicators, failed, reasons ?? noReasons)
}

const reasonOf = (rs: Compiled, indicator: Indicator, slot: number, record: SurveyRecord, failing: number): Reason => {
  if (indicator.scope === "household") {
    const text = indicator.reason(record, rs.parameters)
    return { indicator: indicator.number, th: text.th, en: text.en }
  }
  const key = slot * 1024 + failing
  let reason = rs.memberReasons.get(key)
  if (reason === undefined) {
    const text = indicator.reason(failing, rs.parameters)
    reason = Object.freeze({ indicator: indicator.number, th: text.th, en: text.en })
    if (failing < 1024) rs.memberReasons.set(key, reason)
  }
  return reason
}

const decide = (
  rs: Compiled,
  record: SurveyRecord,
  indicators: ReadonlyArray<IndicatorResult>,
  failed: number,
  reasons: ReadonlyArray<Reason>
): Decision => {
  const failedDimensions = dimensionSets[failed]!
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
    reasons
  }
}

const noReasons: ReadonlyArray<Reason> = Object.freeze([])
