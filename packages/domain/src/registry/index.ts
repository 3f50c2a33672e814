/**
 * The registry: survey rounds stored by house code, their ports (households, decisions,
 * areas), and the use cases over a stored round: import, evaluation, report, diff; and the
 * deciding of records sent to be decided, stored nowhere. The memory fakes of the
 * ports are here too. Depends on the kernel and the survey.
 */
import * as Registry from "./Registry.js"
import * as RegistryMemory from "./RegistryMemory.js"
import * as RecordEvaluation from "./RecordEvaluation.js"
import * as RegistryReads from "./RegistryReads.js"
import * as RoundDiff from "./RoundDiff.js"
import * as RoundEvaluation from "./RoundEvaluation.js"
import * as RoundExport from "./RoundExport.js"
import * as RoundReport from "./RoundReport.js"
import * as SurveyImport from "./SurveyImport.js"

export { RecordEvaluation, Registry, RegistryMemory, RegistryReads, RoundDiff, RoundEvaluation, RoundExport, RoundReport, SurveyImport }

/** Every tagged error of this context: what the registry's use cases refuse. Each tag is declared once in the domain. */
export type RegistryError =
  | RoundEvaluation.NotEvaluated
