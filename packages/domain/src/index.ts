/**
 * Phungpao's domain, every context in one entry: the shared kernel (identifiers, dates,
 * money, the acting user), the survey and its rules (`tpmap-2565`, decisions, area
 * figures), the registry of survey rounds, the household journey, the poverty
 * eradication fund's books, targeted programs, and background jobs over them. Pure: no I/O, no clock, no environment.
 *
 * Each context is also an entry of its own, so a program that embeds the rules need not
 * load the fund: `@phungpao/domain/kernel`, `/survey`, `/registry`, `/journey`, `/fund`, `/program`.
 * Area names are in `@phungpao/domain/geography`, kept apart so no entry carries them
 * unasked.
 *
 * @example
 * import { RuleSet, SurveyRecord } from "@phungpao/domain"
 * const record = SurveyRecord.decode(JSON.parse(line)) // Either
 * const decision = RuleSet.evaluate(RuleSet.tpmap2565, Either.getOrThrow(record))
 */
export * from "./kernel/index.js"
export * from "./survey/index.js"
export * from "./registry/index.js"
export * from "./journey/index.js"
export * from "./fund/index.js"
export * from "./program/index.js"
export * from "./jobs/index.js"

import type { FundError } from "./fund/index.js"
import type { JobError } from "./jobs/index.js"
import type { JourneyError } from "./journey/index.js"
import type { KernelError } from "./kernel/index.js"
import type { ProgramError } from "./program/index.js"
import type { RegistryError } from "./registry/index.js"
import type { SurveyError } from "./survey/index.js"

/** Every tagged error of the domain: what an app maps, by `_tag`, to an exit code or an HTTP status in one table. */
export type DomainError = KernelError | SurveyError | RegistryError | JourneyError | FundError | ProgramError | JobError
