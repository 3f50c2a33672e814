/**
 * Targeted programs (โครงการแบบพุ่งเป้า): a province's own eligibility rule (CEL) over a
 * stored round, its preview by area, enrolment with a frozen beneficiary list, need
 * surveys, and deliveries as logbook entries (the fund's payment when the fund pays).
 * Depends on the kernel, the survey, the registry, the journey's logbook and the fund.
 */
import * as Program from "./Program.js"
import * as ProgramCommands from "./ProgramCommands.js"
import * as ProgramMemory from "./ProgramMemory.js"
import * as ProgramPreview from "./ProgramPreview.js"
import * as ProgramRule from "./ProgramRule.js"
import * as ProgramStore from "./ProgramStore.js"

export { Program, ProgramCommands, ProgramMemory, ProgramPreview, ProgramRule, ProgramStore }

/** Every tagged error of this context. */
export type ProgramError = ProgramRule.RuleRefused | Program.WrongStatus | Program.InvalidNeed | Program.NotBeneficiary
