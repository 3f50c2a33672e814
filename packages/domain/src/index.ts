/**
 * Phungpao's domain: identifiers, the household survey record, rule set `tpmap-2565` and
 * area figures. Pure: no I/O, no clock, no environment. Area names are in
 * `@phungpao/domain/geography`, kept apart so this entry stays small.
 *
 * @example
 * import { RuleSet, SurveyRecord } from "@phungpao/domain"
 * const record = SurveyRecord.decode(JSON.parse(line)) // Either
 * const decision = RuleSet.evaluate(RuleSet.tpmap2565, Either.getOrThrow(record))
 */
export * as Area from "./Area.js"
export * as AreaFigures from "./AreaFigures.js"
export * as CalendarDate from "./CalendarDate.js"
export * as CitizenId from "./CitizenId.js"
export * as Decision from "./Decision.js"
export * as Dimension from "./Dimension.js"
export * as FiscalYear from "./FiscalYear.js"
export * as HouseCode from "./HouseCode.js"
export * as Indicator from "./Indicator.js"
export * as RuleSet from "./RuleSet.js"
export * as Satang from "./Satang.js"
export * as SurveyRecord from "./SurveyRecord.js"
