/**
 * Targeted programs: a province's own eligibility rule (CEL) over a stored round, its
 * preview by area and, later, enrolment, need surveys and deliveries. Depends on the
 * kernel, the survey and the registry.
 */
import * as ProgramPreview from "./ProgramPreview.js"
import * as ProgramRule from "./ProgramRule.js"

export { ProgramPreview, ProgramRule }

/** Every tagged error of this context. */
export type ProgramError = ProgramRule.RuleRefused
