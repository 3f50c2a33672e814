/**
 * The household survey (จปฐ.) and its rules: the survey record and its validation, the
 * indicators and dimensions, rule set `tpmap-2565`, decisions and the Alkire–Foster area
 * figures. Pure functions over values; depends on the kernel only.
 */
import * as AreaFigures from "./AreaFigures.js"
import * as Decision from "./Decision.js"
import * as Dimension from "./Dimension.js"
import * as Indicator from "./Indicator.js"
import * as RuleSet from "./RuleSet.js"
import * as SurveyRecord from "./SurveyRecord.js"
import * as Tpmap2565 from "./Tpmap2565.js"

export { AreaFigures, Decision, Dimension, Indicator, RuleSet, SurveyRecord, Tpmap2565 }

/** Every tagged error of this context: a record that is not a valid survey record. Each tag is declared once in the domain. */
export type SurveyError =
  | SurveyRecord.InvalidRecord
