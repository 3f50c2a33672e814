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
import * as Actor from "./Actor.js"
import * as Area from "./Area.js"
import * as AreaFigures from "./AreaFigures.js"
import * as CalendarDate from "./CalendarDate.js"
import * as CitizenId from "./CitizenId.js"
import * as Decision from "./Decision.js"
import * as Dimension from "./Dimension.js"
import * as FiscalYear from "./FiscalYear.js"
import * as HouseCode from "./HouseCode.js"
import * as Indicator from "./Indicator.js"
import * as Registry from "./Registry.js"
import * as RegistryMemory from "./RegistryMemory.js"
import * as RoundDiff from "./RoundDiff.js"
import * as RoundEvaluation from "./RoundEvaluation.js"
import * as RoundReport from "./RoundReport.js"
import * as RuleSet from "./RuleSet.js"
import * as Satang from "./Satang.js"
import * as SurveyImport from "./SurveyImport.js"
import * as SurveyRecord from "./SurveyRecord.js"

export {
  Actor,
  Area,
  AreaFigures,
  CalendarDate,
  CitizenId,
  Decision,
  Dimension,
  FiscalYear,
  HouseCode,
  Indicator,
  Registry,
  RegistryMemory,
  RoundDiff,
  RoundEvaluation,
  RoundReport,
  RuleSet,
  Satang,
  SurveyImport,
  SurveyRecord
}
