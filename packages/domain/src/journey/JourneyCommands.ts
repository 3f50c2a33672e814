/**
 * The household journey's use cases. Writes from outside run as one transaction of the
 * journey's store under the caller's idempotency key (a replay returns the first result
 * and writes nothing; a key reused for other content is refused), after checking the
 * actor's role and that the household lies in the actor's areas. The step a command
 * needs is checked against the household's facts, so impossible transitions (a plan
 * before analysis, help before verification) are refused with `Journey.StepRequired`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "../kernel/Actor.js"
import * as Agency from "./Agency.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as Decision from "../survey/Decision.js"
import { NotPermitted, OutOfScope } from "../kernel/Access.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Idempotency from "../kernel/Idempotency.js"
import * as Journey from "./Journey.js"
import { type Command, JourneyStore, type Transaction } from "./JourneyStore.js"
import * as Logbook from "./Logbook.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Problem from "./Problem.js"
import * as Progress from "./Progress.js"
import type * as Registry from "../registry/Registry.js"
import * as RoundReport from "../registry/RoundReport.js"
import * as RuleSet from "../survey/RuleSet.js"

/** The decision given is for another household than the command's. */
export class DecisionMismatch extends Schema.TaggedError<DecisionMismatch>()("DecisionMismatch", {
  houseCode: Schema.String,
  decisionHouseCode: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: the decision given is for household ${this.decisionHouseCode}`
  }
}

/** A round closes problems only if it is later than the one the household was targeted in. */
export class RoundNotLater extends Schema.TaggedError<RoundNotLater>()("RoundNotLater", {
  houseCode: Schema.String,
  round: Schema.Int,
  targetedIn: Schema.Int
}) {
  override get message(): string {
    return `household ${this.houseCode}: round ${this.round} is not later than round ${this.targetedIn} it was targeted in`
  }
}

/**
 * A household added in the field is worked on for its failed dimensions: its field
 * record's decision must make it survey-poor, or it has no problem to open.
 */
export class NotSurveyPoor extends Schema.TaggedError<NotSurveyPoor>()("NotSurveyPoor", {
  houseCode: Schema.String,
  round: Schema.Int
}) {
  override get message(): string {
    return `household ${this.houseCode}: its field record of round ${this.round} fails no dimension, so it is not survey-poor and has no problem for the journey`
  }
}

const field: ReadonlyArray<Actor.Role> = ["provincialCentre", "districtCentre", "subdistrictTeam", "mentor", "system"]
const centres: ReadonlyArray<Actor.Role> = ["provincialCentre", "districtCentre", "system"]
const province: ReadonlyArray<Actor.Role> = ["provincialCentre", "system"]

/** Which roles may run each command (reads need only the area in scope). */
export const roles: Record<Command, ReadonlyArray<Actor.Role>> = {
  enrol: centres,
  verify: field,
  addHousehold: field,
  analyse: field,
  scoreCapitals: field,
  addPlanAction: field,
  agreePlan: field,
  setActionStatus: [...field, "agencyOfficer"],
  markProblem: field,
  recordHelp: [...field, "agencyOfficer"],
  reverseHelp: [...field, "agencyOfficer"],
  recordVisit: field,
  closeFromRound: centres,
  setDeadline: province,
  assignMentorTeam: centres,
  putTeam: centres,
  putUser: province,
  seedAgencies: province
}

const permitted = (actor: Actor.Actor, command: Command) =>
  roles[command].includes(actor.role) ? Effect.void : Effect.fail(new NotPermitted({ actorId: actor.id, action: command }))

const inScope = (actor: Actor.Actor, area: string) =>
  Actor.inScope(actor, area) ? Effect.void : Effect.fail(new OutOfScope({ actorId: actor.id, villageCode: area }))

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

// Thailand keeps UTC+7 all year: "today" for deadlines and overdue actions is the Thai day.
const thaiDate = (timestamp: string): CalendarDate.IsoDate =>
  new Date(Date.parse(timestamp) + 7 * 3_600_000).toISOString().slice(0, 10) as CalendarDate.IsoDate

/** Today in Thailand, from the clock. */
export const today: Effect.Effect<CalendarDate.IsoDate> = Effect.map(now, thaiDate)

const lift = <A, E>(result: Either.Either<A, E>): Effect.Effect<A, E> => result

/**
 * Runs `body` once per idempotency key after the role check: the first run records its
 * result, encoded by `result`; a replay with the same content decodes and returns it.
 */
const once = <A, I, E>(
  command: Command,
  actor: Actor.Actor,
  key: Idempotency.Key,
  input: unknown,
  result: Schema.Schema<A, I>,
  body: (tx: Transaction, at: string) => Effect.Effect<A, E>
): Effect.Effect<A, E | NotPermitted | Idempotency.KeyReused, JourneyStore> =>
  Effect.gen(function* () {
    yield* permitted(actor, command)
    const store = yield* JourneyStore
    const at = yield* now
    const hash = Idempotency.hash({ command, actor: actor.id, input })
    return yield* store.transact((tx) => Idempotency.once(tx, { key, command, hash, at }, result, Effect.suspend(() => body(tx, at))))
  })

/** The facts of a household in the actor's areas, or a refusal. */
const householdIn = (tx: Transaction, actor: Actor.Actor, houseCode: string) =>
  Effect.gen(function* () {
    const facts = yield* tx.facts(houseCode)
    if (Option.isNone(facts)) return yield* new Journey.NotFound({ what: "household", id: houseCode })
    yield* inScope(actor, facts.value.household.villageCode)
    return facts.value
  })

const sameHousehold = (houseCode: string, decision: Decision.Decision) =>
  decision.houseCode === houseCode ? Effect.void : Effect.fail(new DecisionMismatch({ houseCode, decisionHouseCode: decision.houseCode }))

const knownTeam = (tx: Transaction, id: string) =>
  Effect.flatMap(tx.team(id), (found) =>
    Option.isSome(found) ? Effect.succeed(found.value) : Effect.fail(new Journey.NotFound({ what: "team", id })))

const knownAgency = (tx: Transaction, code: string) =>
  Effect.flatMap(tx.agency(code), (found) => (Option.isSome(found) ? Effect.void : Effect.fail(new UnknownAgency({ code }))))

/** The agency code is not among the seeded or added agencies. */
export class UnknownAgency extends Schema.TaggedError<UnknownAgency>()("UnknownAgency", { code: Schema.String }) {
  override get message(): string {
    return `no agency ${this.code}: seed the agencies or add it first`
  }
}

const giverKnown = (tx: Transaction, giver: Logbook.Giver) =>
  Effect.gen(function* () {
    if (giver.agency !== undefined) yield* knownAgency(tx, giver.agency)
    if (giver.team !== undefined) yield* knownTeam(tx, giver.team)
  })

// ----- inputs

export const Verify = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  outcome: Schema.Literal("confirmed", "corrected"),
  on: CalendarDate.IsoDate,
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "VerifyInput" })
export type Verify = typeof Verify.Type

export const AddHousehold = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  villageCode: Area.VillageCode,
  round: Schema.Int,
  on: CalendarDate.IsoDate,
  /** The decision of the household's field record: its failed indicators become its problems. */
  decision: Decision.Decision,
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "AddHouseholdInput" })
export type AddHousehold = typeof AddHousehold.Type

export const Analyse = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  on: CalendarDate.IsoDate,
  /** A decision re-evaluated after verification corrected the data; the enrolment's failed indicators otherwise. */
  decision: Schema.optionalWith(Decision.Decision, { exact: true })
}).annotations({ identifier: "AnalyseInput" })
export type Analyse = typeof Analyse.Type

export const ScoreCapitals = Schema.Struct({ houseCode: HouseCode.HouseCode, capitals: Journey.Capitals })
export type ScoreCapitals = typeof ScoreCapitals.Type

export const AgreePlan = Schema.Struct({ houseCode: HouseCode.HouseCode, on: CalendarDate.IsoDate })
export type AgreePlan = typeof AgreePlan.Type

export const SetActionStatus = Schema.Struct({ action: Plan.ActionId, status: Plan.ActionStatus })
export type SetActionStatus = typeof SetActionStatus.Type

export const MarkProblem = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  indicator: Schema.Int,
  as: Schema.Literal("selfResolved", "cannotResolve"),
  reason: Schema.NonEmptyTrimmedString,
  on: CalendarDate.IsoDate
}).annotations({ identifier: "MarkProblemInput" })
export type MarkProblem = typeof MarkProblem.Type

export const ReverseHelp = Schema.Struct({ entry: Logbook.EntryId, reason: Schema.NonEmptyTrimmedString, on: CalendarDate.IsoDate })
export type ReverseHelp = typeof ReverseHelp.Type

export const CloseFromRound = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  round: Schema.Int,
  on: CalendarDate.IsoDate,
  decision: Decision.Decision
}).annotations({ identifier: "CloseFromRoundInput" })
export type CloseFromRound = typeof CloseFromRound.Type

export const SetDeadline = Schema.Struct({
  district: Schema.String.pipe(Schema.pattern(/^\d{4}$/, { identifier: "DistrictCode", description: "4-digit district code" })),
  due: CalendarDate.IsoDate
})
export type SetDeadline = typeof SetDeadline.Type

/** One household, or every household of an area the team serves. */
export const AssignMentorTeam = Schema.Union(
  Schema.Struct({ team: Organisation.TeamId, houseCode: HouseCode.HouseCode }),
  Schema.Struct({ team: Organisation.TeamId, area: Area.AreaCode })
).annotations({ identifier: "AssignMentorTeamInput" })
export type AssignMentorTeam = typeof AssignMentorTeam.Type

const Assigned = Schema.Struct({ team: Schema.String, houseCodes: Schema.Array(Schema.String) })
export type Assigned = typeof Assigned.Type

// ----- batch writes that are idempotent by nature

/**
 * Puts a round's target households into the journey (source "survey", step none) with
 * their failed indicators; households already in it are left alone, so re-running after
 * every evaluation is safe. Needs no idempotency key.
 *
 * @example JourneyCommands.enrol(system(), 2565, storedDecisions) // { inserted: 17125 }
 */
export const enrol = (actor: Actor.Actor, round: number, decisions: ReadonlyArray<Registry.StoredDecision>) =>
  Effect.gen(function* () {
    yield* permitted(actor, "enrol")
    const targets = decisions.filter((d) => d.decision.target)
    for (const d of targets) yield* inScope(actor, d.villageCode)
    const households = targets.map(
      (d): Journey.Household => ({
        houseCode: d.decision.houseCode as HouseCode.HouseCode,
        villageCode: d.villageCode as Area.AreaCode,
        source: "survey",
        round,
        failed: Problem.failed(d.decision)
      })
    )
    const store = yield* JourneyStore
    return { inserted: yield* store.transact((tx) => tx.ensure(households)) }
  })

/** Adds the usual provincial agencies (or others), renaming known codes. */
export const seedAgencies = (actor: Actor.Actor, agencies: ReadonlyArray<Agency.Agency> = Agency.seed) =>
  Effect.gen(function* () {
    yield* permitted(actor, "seedAgencies")
    const store = yield* JourneyStore
    yield* store.transact((tx) => tx.putAgencies(agencies))
    return agencies.length
  })

// ----- organisation

/** Adds or changes a team in the actor's areas. */
export const putTeam = (actor: Actor.Actor, key: Idempotency.Key, team: Organisation.Team) =>
  once("putTeam", actor, key, team, Organisation.Team, (tx) =>
    Effect.gen(function* () {
      yield* inScope(actor, team.area)
      for (const m of team.members) if (m.agency !== undefined) yield* knownAgency(tx, m.agency)
      yield* tx.putTeam(team)
      return team
    }))

/** Adds or changes a user, whose scope must lie inside the actor's. */
export const putUser = (actor: Actor.Actor, key: Idempotency.Key, user: Organisation.User) =>
  once("putUser", actor, key, user, Organisation.User, (tx) =>
    Effect.gen(function* () {
      for (const area of user.scope) yield* inScope(actor, area)
      if (user.team !== undefined) yield* knownTeam(tx, user.team)
      if (user.agency !== undefined) yield* knownAgency(tx, user.agency)
      yield* tx.putUser(user)
      return user
    }))

/**
 * Assigns a mentor team to one household, or to every household of an area; every
 * household must lie in the team's area.
 *
 * @example assignMentorTeam(centre, key, { team: "mentor-330101", area: "330101" }) // { team, houseCodes: [...] }
 */
export const assignMentorTeam = (actor: Actor.Actor, key: Idempotency.Key, input: AssignMentorTeam) =>
  once("assignMentorTeam", actor, key, input, Assigned, (tx) =>
    Effect.gen(function* () {
      const team = yield* knownTeam(tx, input.team)
      let households: ReadonlyArray<Journey.Household>
      if ("houseCode" in input) households = [(yield* householdIn(tx, actor, input.houseCode)).household]
      else {
        yield* inScope(actor, input.area)
        households = yield* tx.households(input.area)
      }
      for (const h of households) {
        const refusal = Organisation.assignable(team, h.villageCode)
        if (refusal !== undefined) return yield* refusal
      }
      for (const h of households) yield* tx.putHousehold({ ...h, mentorTeam: team.id })
      return { team: team.id, houseCodes: households.map((h) => h.houseCode) }
    }))

/** Sets a district's deadline (the province's call). */
export const setDeadline = (actor: Actor.Actor, key: Idempotency.Key, input: SetDeadline) =>
  once("setDeadline", actor, key, input, Progress.Deadline, (tx, at) =>
    Effect.gen(function* () {
      yield* inScope(actor, input.district)
      const deadline: Progress.Deadline = { ...input, setBy: actor.id, setAt: at }
      yield* tx.putDeadline(deadline)
      return deadline
    }))

// ----- step 1: verify

/** Records that a team confirmed or corrected a target household's data on site (step 1). */
export const verify = (actor: Actor.Actor, key: Idempotency.Key, input: Verify) =>
  once("verify", actor, key, input, Journey.Household, (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      if (facts.household.verification !== undefined) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "verified" })
      const { houseCode: _, ...verification } = input
      const household: Journey.Household = { ...facts.household, verification: { ...verification, by: actor.id } }
      yield* tx.putHousehold(household)
      return household
    }))

/** Adds a household the survey missed (ครัวเรือนตกหล่น), verified on the spot (source "field"). */
export const addHousehold = (actor: Actor.Actor, key: Idempotency.Key, input: AddHousehold) =>
  once("addHousehold", actor, key, input, Journey.Household, (tx) =>
    Effect.gen(function* () {
      yield* inScope(actor, input.villageCode)
      yield* sameHousehold(input.houseCode, input.decision)
      if (Option.isSome(yield* tx.facts(input.houseCode))) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "in the journey" })
      if (!input.decision.surveyPoor) return yield* new NotSurveyPoor({ houseCode: input.houseCode, round: input.round })
      const household: Journey.Household = {
        houseCode: input.houseCode,
        villageCode: input.villageCode,
        source: "field",
        round: input.round,
        failed: Problem.failed(input.decision),
        verification: { outcome: "added", on: input.on, by: actor.id, ...(input.note === undefined ? {} : { note: input.note }) }
      }
      yield* tx.putHousehold(household)
      return household
    }))

// ----- step 2: analyse

/** Opens the household's problems from its failed indicators (step 2). */
export const analyse = (actor: Actor.Actor, key: Idempotency.Key, input: Analyse) =>
  once("analyse", actor, key, input, Schema.Array(Problem.Problem), (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "verified", "analyse"))
      if (facts.household.analysis !== undefined) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "analysed" })
      if (input.decision !== undefined) yield* sameHousehold(input.houseCode, input.decision)
      const failed = input.decision === undefined ? facts.household.failed : Problem.failed(input.decision)
      const problems = Problem.open(input.houseCode, failed, input.on)
      for (const p of problems) yield* tx.putProblem(p)
      yield* tx.putHousehold({ ...facts.household, failed, analysis: { on: input.on, by: actor.id } })
      return problems
    }))

/** Scores the household's five capitals, 1 to 5 each (part of analysis; needs verification). */
export const scoreCapitals = (actor: Actor.Actor, key: Idempotency.Key, input: ScoreCapitals) =>
  once("scoreCapitals", actor, key, input, Journey.Household, (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "verified", "score capitals"))
      const household: Journey.Household = { ...facts.household, capitals: input.capitals }
      yield* tx.putHousehold(household)
      return household
    }))

/** Marks a problem self-resolved or cannot-resolve, with a reason; a closed problem stays as it is. */
export const markProblem = (actor: Actor.Actor, key: Idempotency.Key, input: MarkProblem) =>
  once("markProblem", actor, key, input, Problem.Problem, (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "analysed", "mark a problem"))
      const problem = yield* lift(Journey.problem(facts, input.indicator))
      const status = Journey.problemStatus(facts, problem)
      if (Problem.isClosed(status)) return yield* new Journey.ProblemClosed({ houseCode: input.houseCode, indicator: input.indicator, status })
      const marked: Problem.Problem = { ...problem, closure: { _tag: input.as, reason: input.reason, on: input.on, by: actor.id } }
      yield* tx.putProblem(marked)
      return marked
    }))

// ----- step 3: plan

/** Adds an action to the household's 4T plan; it must address the household's own problems (needs analysis). */
export const addPlanAction = (actor: Actor.Actor, key: Idempotency.Key, input: Plan.ActionInput) =>
  once("addPlanAction", actor, key, input, Plan.Action, (tx, at) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "analysed", "plan an action"))
      for (const indicator of input.problems) yield* lift(Journey.problem(facts, indicator))
      if (input.responsible._tag === "agency") yield* knownAgency(tx, input.responsible.code)
      else yield* knownTeam(tx, input.responsible.id)
      const action: Plan.Action = { ...input, id: Plan.id(yield* tx.next("action")), status: "planned", createdBy: actor.id, createdAt: at }
      yield* tx.putAction(action)
      return action
    }))

/** Records that the household agreed its plan (step 3): refused while a problem is unaddressed. */
export const agreePlan = (actor: Actor.Actor, key: Idempotency.Key, input: AgreePlan) =>
  once("agreePlan", actor, key, input, Journey.Household, (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "analysed", "agree a plan"))
      if (facts.household.agreement !== undefined) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "planned" })
      const unaddressed = Journey.unaddressed(facts)
      if (unaddressed.length > 0) return yield* new Journey.PlanIncomplete({ houseCode: input.houseCode, unaddressed })
      const household: Journey.Household = { ...facts.household, agreement: { on: input.on, by: actor.id } }
      yield* tx.putHousehold(household)
      return household
    }))

/** Moves a plan action on: planned → in progress → done, or cancelled. */
export const setActionStatus = (actor: Actor.Actor, key: Idempotency.Key, input: SetActionStatus) =>
  once("setActionStatus", actor, key, input, Plan.Action, (tx) =>
    Effect.gen(function* () {
      const action = yield* Effect.flatMap(tx.action(input.action), (a) =>
        Option.isSome(a) ? Effect.succeed(a.value) : Effect.fail(new Journey.NotFound({ what: "action", id: input.action })))
      yield* householdIn(tx, actor, action.houseCode)
      const moved = yield* lift(Plan.setStatus(action, input.status))
      yield* tx.putAction(moved)
      return moved
    }))

// ----- steps 4 and 5: help, in the logbook

/** Appends an act of help to the logbook (needs verification; counts for step 4 once the plan is agreed). */
export const recordHelp = (actor: Actor.Actor, key: Idempotency.Key, input: Logbook.HelpInput) =>
  once("recordHelp", actor, key, input, Logbook.Entry, (tx, at) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "verified", "record help"))
      for (const indicator of input.problems) yield* lift(Journey.problem(facts, indicator))
      if (input.action !== undefined && !facts.actions.some((a) => a.id === input.action)) {
        return yield* new Journey.NotFound({ what: "action", id: input.action })
      }
      yield* giverKnown(tx, input.giver)
      const entry = Logbook.record(Logbook.id(yield* tx.next("entry")), input, facts.household.villageCode, actor.id, at)
      yield* tx.append(entry)
      return entry
    }))

/** Corrects a logbook entry by appending its reversal; the original stays. */
export const reverseHelp = (actor: Actor.Actor, key: Idempotency.Key, input: ReverseHelp) =>
  once("reverseHelp", actor, key, input, Logbook.Entry, (tx, at) =>
    Effect.gen(function* () {
      const original = yield* Effect.flatMap(tx.logEntry(input.entry), (e) =>
        Option.isSome(e) ? Effect.succeed(e.value) : Effect.fail(new Journey.NotFound({ what: "entry", id: input.entry })))
      const facts = yield* householdIn(tx, actor, original.houseCode)
      const id = Logbook.id(yield* tx.next("entry"))
      const reversal = yield* lift(Logbook.reverse(original, id, facts.entries, { by: actor.id, at, on: input.on, reason: input.reason }))
      yield* tx.append(reversal)
      return reversal
    }))

// ----- step 6: follow up, and closing

/**
 * Records a follow-up visit with the household's stage; the problems it confirms solved
 * must be open and have standing help on or before the visit (needs verification).
 */
export const recordVisit = (actor: Actor.Actor, key: Idempotency.Key, input: Journey.VisitInput) =>
  once("recordVisit", actor, key, input, Journey.Visit, (tx, at) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* lift(Journey.requireStep(facts, "verified", "record a visit"))
      const standing = Logbook.standing(facts.entries).filter((e) => e.on <= input.on)
      for (const indicator of input.confirms) {
        const problem = yield* lift(Journey.problem(facts, indicator))
        const status = Journey.problemStatus(facts, problem)
        if (Problem.isClosed(status)) return yield* new Journey.ProblemClosed({ houseCode: input.houseCode, indicator, status })
        if (!standing.some((e) => Logbook.addresses(e, indicator, facts.actions))) {
          return yield* new Journey.NoHelpToConfirm({ houseCode: input.houseCode, indicator })
        }
      }
      const visit: Journey.Visit = { ...input, id: Journey.visitId(yield* tx.next("visit")), by: actor.id, recordedAt: at }
      yield* tx.putVisit(visit)
      return visit
    }))

/** The household's open problems a later round's decision passes, closed by it. */
const closing = (facts: Journey.Facts, round: number, on: CalendarDate.IsoDate, by: string, decision: Decision.Decision) => {
  const standing = Logbook.standing(facts.entries)
  const open = facts.problems.filter((p) => !Problem.isClosed(Journey.problemStatus(facts, p, standing)))
  return Problem.passingIn(open, decision).map((p): Problem.Problem => ({ ...p, closure: { _tag: "passedInRound", round, on, by } }))
}

/** Closes the household's open problems whose indicator passes in a later round's decision; returns those closed. */
export const closeFromRound = (actor: Actor.Actor, key: Idempotency.Key, input: CloseFromRound) =>
  once("closeFromRound", actor, key, input, Schema.Array(Problem.Problem), (tx) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      yield* sameHousehold(input.houseCode, input.decision)
      yield* lift(Journey.requireStep(facts, "analysed", "close problems from a round"))
      if (input.round <= facts.household.round) {
        return yield* new RoundNotLater({ houseCode: input.houseCode, round: input.round, targetedIn: facts.household.round })
      }
      const closed = closing(facts, input.round, input.on, actor.id, input.decision)
      for (const p of closed) yield* tx.putProblem(p)
      return closed
    }))

/**
 * `closeFromRoundAll` over a round's stored decisions (under tpmap-2565) in the actor's
 * areas, or in `area` of them, page by page: what `journey close-from-round` runs after a
 * new round is evaluated. The actor's role and the area are checked before anything is
 * read, so a refusal does not depend on whether the round has decisions there.
 *
 * @example JourneyCommands.closeFromStoredRound(province, 2566, "2023-06-01") // { decisions: 400000, closed: 412 }
 */
export const closeFromStoredRound = (actor: Actor.Actor, round: number, on: CalendarDate.IsoDate, area?: string) =>
  Effect.gen(function* () {
    yield* permitted(actor, "closeFromRound")
    if (area !== undefined) yield* inScope(actor, area)
    let decisions = 0
    let closed = 0
    const scoped: Actor.Actor = area === undefined ? actor : { ...actor, scope: [area] }
    yield* RoundReport.decisions(scoped, round, RuleSet.tpmap2565.key, (page) =>
      Effect.map(closeFromRoundAll(actor, round, on, page), (r) => {
        decisions += page.length
        closed += r.closed
      }))
    return { decisions, closed }
  })

/**
 * Closes, in every household of the journey that a later round's decisions cover, the
 * open problems whose indicator now passes, for one page of a later round's decisions
 * (`closeFromStoredRound` runs it page by page). Idempotent by nature (a closed problem stays as it is), so it takes no key.
 * Returns how many problems it closed.
 *
 * @example JourneyCommands.closeFromRoundAll(system(), 2566, "2023-06-01", storedDecisions) // { closed: 412 }
 */
export const closeFromRoundAll = (
  actor: Actor.Actor,
  round: number,
  on: CalendarDate.IsoDate,
  decisions: ReadonlyArray<Registry.StoredDecision>
) =>
  Effect.gen(function* () {
    yield* permitted(actor, "closeFromRound")
    for (const d of decisions) yield* inScope(actor, d.villageCode)
    const store = yield* JourneyStore
    return yield* store.transact((tx) =>
      Effect.gen(function* () {
        let closed = 0
        for (const d of decisions) {
          const facts = yield* tx.facts(d.decision.houseCode)
          if (Option.isNone(facts)) continue
          const f = facts.value
          if (f.household.analysis === undefined || round <= f.household.round) continue
          for (const p of closing(f, round, on, actor.id, d.decision)) {
            yield* tx.putProblem(p)
            closed++
          }
        }
        return { closed }
      })
    )
  })

// ----- reads

/** One household's journey: its facts, step, stage, problem statuses and the problems its plan leaves unaddressed. */
export const household = (actor: Actor.Actor, houseCode: string) =>
  Effect.gen(function* () {
    const store = yield* JourneyStore
    const found = yield* store.household(houseCode)
    if (Option.isNone(found)) return yield* new Journey.NotFound({ what: "household", id: houseCode })
    const facts = found.value
    yield* inScope(actor, facts.household.villageCode)
    return {
      facts,
      step: Journey.step(facts),
      stage: Journey.stage(facts),
      problems: facts.problems.map((p) => ({ indicator: p.indicator, dimension: p.dimension, status: Journey.problemStatus(facts, p) })),
      unaddressed: Journey.unaddressed(facts),
      solved: Journey.solved(facts)
    }
  })

const factsIn = (actor: Actor.Actor, area: string) =>
  Effect.gen(function* () {
    yield* inScope(actor, area)
    const store = yield* JourneyStore
    return yield* store.facts(area)
  })

/**
 * Progress of an area and every area below it, by household and by problem; the area
 * itself comes first.
 *
 * @example progress(centre, "3301") // [{ code: "3301", level: "district", counts }, { code: "330101", … }, …]
 */
export const progress = (actor: Actor.Actor, area: string) =>
  Effect.map(factsIn(actor, area), (facts) =>
    Progress.byArea(facts.map(Progress.summarise), area === "" ? "province" : Area.level(area as Area.AreaCode)).filter((a) =>
      a.code.startsWith(area)
    ))

/** Plan actions of an area past their due date on today's Thai date. */
export const overdue = (actor: Actor.Actor, area: string) =>
  Effect.gen(function* () {
    const facts = yield* factsIn(actor, area)
    return Progress.overdue(facts, yield* today)
  })

/** Target households of an area, not solved, with no standing help in the logbook. */
export const noHelp = (actor: Actor.Actor, area: string) => Effect.map(factsIn(actor, area), Progress.noHelp)

/** A district's deadline (set, or the end of this fiscal year) and its burn-down from `from`. */
export const burnDown = (actor: Actor.Actor, district: string, from: CalendarDate.IsoDate, every = 7) =>
  Effect.gen(function* () {
    const facts = yield* factsIn(actor, district)
    const store = yield* JourneyStore
    const day = yield* today
    const deadline = Progress.deadline(yield* store.deadlines(), district, day)
    return { district, deadline, points: Progress.burnDown(facts, { from, deadline, today: day, every }) }
  })
