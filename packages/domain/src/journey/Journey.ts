/**
 * The household journey of the Ministry of Interior's six steps, derived from a
 * household's facts and never set by hand: verified → analysed → planned → helped →
 * integrated → followed up, and the household's stage on the ladder อยู่รอด → พอเพียง →
 * ยั่งยืน from its latest follow-up visit. The step is the last of an unbroken run of
 * steps whose facts exist, so facts recorded early (help before the plan) count once the
 * steps before them are reached, and only a reversal of help can take a step back.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { NotFound } from "../kernel/Access.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Logbook from "./Logbook.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Problem from "./Problem.js"

/** The six steps in order; `"none"` is a target household nobody has verified yet. */
export const steps = ["verified", "analysed", "planned", "helped", "integrated", "followedUp"] as const
export const Step = Schema.Literal("none", ...steps)
export type Step = typeof Step.Type

export const stepLabel: Record<Step, { readonly th: string; readonly en: string }> = {
  none: { th: "ยังไม่ได้ตรวจสอบ", en: "not yet verified" },
  verified: { th: "ตรวจสอบข้อมูลแล้ว", en: "verified" },
  analysed: { th: "วิเคราะห์ปัญหาแล้ว", en: "analysed" },
  planned: { th: "จัดทำแผนพัฒนาครัวเรือนแล้ว", en: "planned" },
  helped: { th: "ช่วยเหลือเบื้องต้นแล้ว", en: "immediate help given" },
  integrated: { th: "บูรณาการความช่วยเหลือแล้ว", en: "help integrated" },
  followedUp: { th: "ติดตามประเมินผลแล้ว", en: "followed up" }
}

/** The step's place: 0 for none, 1 to 6 for the steps. @example rank("planned") // 3 */
export const rank = (step: Step): number => (step === "none" ? 0 : steps.indexOf(step) + 1)

/** The ladder: อยู่รอด survive → พอเพียง sufficient → ยั่งยืน sustainable. */
export const Stage = Schema.Literal("survive", "sufficient", "sustainable")
export type Stage = typeof Stage.Type

export const stageLabel: Record<Stage, { readonly th: string; readonly en: string }> = {
  survive: { th: "อยู่รอด", en: "survive" },
  sufficient: { th: "พอเพียง", en: "sufficient" },
  sustainable: { th: "ยั่งยืน", en: "sustainable" }
}

/** Where a household in the journey came from: a survey round's targets, or added in the field (ครัวเรือนตกหล่น). */
export const Source = Schema.Literal("survey", "field")
export type Source = typeof Source.Type

/** confirmed: the data were right; corrected: the team fixed them; added: the survey missed the household. */
export const Verification = Schema.Struct({
  outcome: Schema.Literal("confirmed", "corrected", "added"),
  on: CalendarDate.IsoDate,
  by: Schema.String,
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "Verification" })
export type Verification = typeof Verification.Type

/** Who did something and on which day. */
export const Done = Schema.Struct({ on: CalendarDate.IsoDate, by: Schema.String }).annotations({ identifier: "Done" })
export type Done = typeof Done.Type

const Score = Schema.Int.pipe(Schema.between(1, 5))

/** The five capitals (ทุน 5 ด้าน), each scored 1 (weakest) to 5; any may be left out. */
export const Capitals = Schema.Struct({
  human: Schema.optionalWith(Score, { exact: true }),
  physical: Schema.optionalWith(Score, { exact: true }),
  financial: Schema.optionalWith(Score, { exact: true }),
  natural: Schema.optionalWith(Score, { exact: true }),
  social: Schema.optionalWith(Score, { exact: true })
}).annotations({ identifier: "Capitals" })
export type Capitals = typeof Capitals.Type

/** A household's own journey record: everything but its problems, actions, help and visits. */
export const Household = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  villageCode: Area.VillageCode,
  source: Source,
  /** The survey round (B.E. year) that made it a target, or the round of the field visit. */
  round: Schema.Int,
  /** The failed indicators analysis opens as problems (replaced when verification corrects the data). */
  failed: Schema.Array(Problem.Failed),
  verification: Schema.optionalWith(Verification, { exact: true }),
  analysis: Schema.optionalWith(Done, { exact: true }),
  capitals: Schema.optionalWith(Capitals, { exact: true }),
  /** The 4T plan agreed with the household; it was complete when agreed. */
  agreement: Schema.optionalWith(Done, { exact: true }),
  mentorTeam: Schema.optionalWith(Organisation.TeamId, { exact: true })
}).annotations({ identifier: "JourneyHousehold" })
export type Household = typeof Household.Type

export const VisitId = Schema.String.pipe(
  Schema.pattern(/^V-\d+$/, { identifier: "VisitId", description: "V- and a number" }),
  Schema.brand("VisitId")
)
export type VisitId = typeof VisitId.Type

/** The id of the `n`th visit. @example visitId(4) // "V-4" */
export const visitId = (n: number): VisitId => `V-${n}` as VisitId

/** A follow-up visit as the team reports it. */
export const VisitInput = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  on: CalendarDate.IsoDate,
  stage: Stage,
  /** Indicator numbers of problems the visit found solved by the help given. */
  confirms: Schema.Array(Schema.Int),
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "VisitInput" })
export type VisitInput = typeof VisitInput.Type

export const Visit = Schema.Struct({
  id: VisitId,
  ...VisitInput.fields,
  by: Schema.String,
  recordedAt: Schema.String
}).annotations({ identifier: "Visit" })
export type Visit = typeof Visit.Type

/** Everything the journey knows of one household: what its step, stage and problem statuses are derived from. */
export interface Facts {
  readonly household: Household
  readonly problems: ReadonlyArray<Problem.Problem>
  readonly actions: ReadonlyArray<Plan.Action>
  readonly entries: ReadonlyArray<Logbook.Entry>
  readonly visits: ReadonlyArray<Visit>
}

/** A household, plan action, logbook entry, problem or team named by a command does not exist (the kernel's one `NotFound`). */
export { NotFound }

/** The action needs a step the household has not reached (a plan before analysis, …). */
export class StepRequired extends Schema.TaggedError<StepRequired>()("StepRequired", {
  houseCode: Schema.String,
  action: Schema.String,
  required: Schema.String,
  step: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: cannot ${this.action} before it is ${this.required} (it is ${this.step === "none" ? "not yet verified" : this.step})`
  }
}

/** The action was done once and is not done twice (a second analysis, a second agreement, …). */
export class AlreadyDone extends Schema.TaggedError<AlreadyDone>()("AlreadyDone", {
  houseCode: Schema.String,
  action: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: already ${this.action}`
  }
}

/** The plan leaves problems neither addressed by a live action nor closed. */
export class PlanIncomplete extends Schema.TaggedError<PlanIncomplete>()("PlanIncomplete", {
  houseCode: Schema.String,
  unaddressed: Schema.Array(Schema.Int)
}) {
  override get message(): string {
    return `household ${this.houseCode}: the plan addresses no action to problem(s) ${this.unaddressed.join(", ")}; add an action or mark them self-resolved or cannot resolve with a reason`
  }
}

/** The command names an indicator that is not one of the household's problems. */
export class UnknownProblem extends Schema.TaggedError<UnknownProblem>()("UnknownProblem", {
  houseCode: Schema.String,
  indicator: Schema.Int
}) {
  override get message(): string {
    return `household ${this.houseCode} has no problem for indicator ${this.indicator}`
  }
}

/** The problem is closed already; a closed problem is not marked again. */
export class ProblemClosed extends Schema.TaggedError<ProblemClosed>()("ProblemClosed", {
  houseCode: Schema.String,
  indicator: Schema.Int,
  status: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: problem ${this.indicator} is already ${this.status}`
  }
}

/** A follow-up confirms a problem solved for which no standing help was recorded on or before the visit. */
export class NoHelpToConfirm extends Schema.TaggedError<NoHelpToConfirm>()("NoHelpToConfirm", {
  houseCode: Schema.String,
  indicator: Schema.Int
}) {
  override get message(): string {
    return `household ${this.houseCode}: no help was recorded for problem ${this.indicator} before the visit, so the visit cannot confirm it solved`
  }
}

const standingFor = (facts: Facts, indicator: number, standing: ReadonlyArray<Logbook.Entry>) =>
  standing.filter((e) => Logbook.addresses(e, indicator, facts.actions))

/** The day a problem closed, if it is closed: its mark's or round's day, or the first visit confirming standing help. */
export const closedOn = (facts: Facts, problem: Problem.Problem, standing = Logbook.standing(facts.entries)): CalendarDate.IsoDate | undefined => {
  if (problem.closure !== undefined) return problem.closure.on
  const helped = standingFor(facts, problem.indicator, standing)
  if (helped.length === 0) return undefined
  const firstHelp = helped.reduce((d, e) => (e.on < d ? e.on : d), helped[0]!.on)
  let confirmed: CalendarDate.IsoDate | undefined
  for (const v of facts.visits) {
    if (v.confirms.includes(problem.indicator) && v.on >= firstHelp && (confirmed === undefined || v.on < confirmed)) confirmed = v.on
  }
  return confirmed
}

/**
 * A problem's status from the facts: a mark or a later round's pass closes it as
 * marked; standing help plus a visit on or after it confirming the problem resolves it;
 * standing help or a done action makes it assisted; a live action, in progress.
 *
 * @example problemStatus(facts, problem) // "assisted"
 */
export const problemStatus = (facts: Facts, problem: Problem.Problem, standing = Logbook.standing(facts.entries)): Problem.Status => {
  const closure = problem.closure
  if (closure !== undefined) return closure._tag === "passedInRound" ? "resolved" : closure._tag
  if (closedOn(facts, problem, standing) !== undefined) return "resolved"
  const actions = facts.actions.filter((a) => a.problems.includes(problem.indicator))
  if (standingFor(facts, problem.indicator, standing).length > 0 || actions.some((a) => a.status === "done")) return "assisted"
  if (actions.some((a) => a.status !== "cancelled")) return "inProgress"
  return "identified"
}

/**
 * The household's step: the last of the unbroken run whose facts exist. verified: a
 * verification; analysed: an analysis; planned: an agreed plan; helped: standing help;
 * integrated: every problem closed or assisted; followedUp: a visit on or after the first
 * standing help.
 *
 * @example step(facts) // "planned"
 */
export const step = (facts: Facts): Step => {
  const h = facts.household
  if (h.verification === undefined) return "none"
  if (h.analysis === undefined) return "verified"
  if (h.agreement === undefined) return "analysed"
  const standing = Logbook.standing(facts.entries)
  if (standing.length === 0) return "planned"
  const integrated = facts.problems.every((p) => {
    const s = problemStatus(facts, p, standing)
    return s === "assisted" || Problem.isClosed(s)
  })
  if (!integrated) return "helped"
  const firstHelp = standing.reduce((d, e) => (e.on < d ? e.on : d), standing[0]!.on)
  return facts.visits.some((v) => v.on >= firstHelp) ? "followedUp" : "integrated"
}

/** The stage of the latest visit (by day, then as recorded), if any. */
export const stage = (facts: Facts): Stage | undefined => {
  let latest: Visit | undefined
  for (const v of facts.visits) if (latest === undefined || v.on >= latest.on) latest = v
  return latest?.stage
}

/** Whether every problem is closed: the household then leaves the active list. A household with no problem yet analysed stays. */
export const solved = (facts: Facts, standing = Logbook.standing(facts.entries)): boolean =>
  facts.household.analysis !== undefined && facts.problems.every((p) => Problem.isClosed(problemStatus(facts, p, standing)))

/** The day the household's last problem closed, when it is solved. */
export const solvedOn = (facts: Facts): CalendarDate.IsoDate | undefined => {
  if (facts.household.analysis === undefined) return undefined
  const standing = Logbook.standing(facts.entries)
  let last: CalendarDate.IsoDate = facts.household.analysis.on
  for (const p of facts.problems) {
    const on = closedOn(facts, p, standing)
    if (on === undefined) return undefined
    if (on > last) last = on
  }
  return last
}

/** The plan's unaddressed problems (`Plan.unaddressed`), closed ones judged by their derived status. */
export const unaddressed = (facts: Facts): ReadonlyArray<number> => {
  const standing = Logbook.standing(facts.entries)
  const problems = facts.problems.map((p) => ({ indicator: p.indicator, closed: Problem.isClosed(problemStatus(facts, p, standing)) }))
  return Plan.unaddressed(problems, facts.actions)
}

/** The action `action` needs the household at `required` or beyond: a refusal naming both when it is not. */
export const requireStep = (facts: Facts, required: Step, action: string): Either.Either<void, StepRequired> => {
  const h = facts.household
  // The facts, not the derived step: an agreed plan allows recording help even though
  // "helped" itself needs the help.
  const reached = required === "none" ||
    (required === "verified" && h.verification !== undefined) ||
    (required === "analysed" && h.analysis !== undefined) ||
    (required === "planned" && h.agreement !== undefined)
  return reached
    ? Either.void
    : Either.left(new StepRequired({ houseCode: h.houseCode, action, required, step: step(facts) }))
}

/** The problem of an indicator, or a refusal. */
export const problem = (facts: Facts, indicator: number): Either.Either<Problem.Problem, UnknownProblem> => {
  const found = facts.problems.find((p) => p.indicator === indicator)
  return found === undefined
    ? Either.left(new UnknownProblem({ houseCode: facts.household.houseCode, indicator }))
    : Either.right(found)
}
