/**
 * Phungpao's domain: identifiers, the household survey record, rule set `tpmap-2565`, area
 * figures, and the poverty eradication fund's books (ledger, receipts, pledges, requests).
 * Pure: no I/O, no clock, no environment. Area names are in `@phungpao/domain/geography`,
 * kept apart so this entry stays small.
 *
 * @example
 * import { RuleSet, SurveyRecord } from "@phungpao/domain"
 * const record = SurveyRecord.decode(JSON.parse(line)) // Either
 * const decision = RuleSet.evaluate(RuleSet.tpmap2565, Either.getOrThrow(record))
 */
import * as Actor from "./Actor.js"
import * as Agency from "./Agency.js"
import * as Area from "./Area.js"
import * as AreaFigures from "./AreaFigures.js"
import * as BankStatement from "./BankStatement.js"
import * as CalendarDate from "./CalendarDate.js"
import * as CitizenId from "./CitizenId.js"
import * as Contributor from "./Contributor.js"
import * as Decision from "./Decision.js"
import * as Dimension from "./Dimension.js"
import * as FiscalYear from "./FiscalYear.js"
import * as FundCommands from "./FundCommands.js"
import * as FundMemory from "./FundMemory.js"
import * as FundReport from "./FundReport.js"
import * as FundRequest from "./FundRequest.js"
import * as FundStore from "./FundStore.js"
import * as HouseCode from "./HouseCode.js"
import * as Idempotency from "./Idempotency.js"
import * as Indicator from "./Indicator.js"
import * as Journey from "./Journey.js"
import * as JourneyCommands from "./JourneyCommands.js"
import * as JourneyMemory from "./JourneyMemory.js"
import * as JourneyStore from "./JourneyStore.js"
import * as Ledger from "./Ledger.js"
import * as Logbook from "./Logbook.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Pledge from "./Pledge.js"
import * as Pool from "./Pool.js"
import * as Problem from "./Problem.js"
import * as Progress from "./Progress.js"
import * as Receipt from "./Receipt.js"
import * as Reconciliation from "./Reconciliation.js"
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
  Agency,
  Area,
  AreaFigures,
  BankStatement,
  CalendarDate,
  CitizenId,
  Contributor,
  Decision,
  Dimension,
  FiscalYear,
  FundCommands,
  FundMemory,
  FundReport,
  FundRequest,
  FundStore,
  HouseCode,
  Idempotency,
  Indicator,
  Journey,
  JourneyCommands,
  JourneyMemory,
  JourneyStore,
  Ledger,
  Logbook,
  Organisation,
  Plan,
  Pledge,
  Pool,
  Problem,
  Progress,
  Receipt,
  Reconciliation,
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
