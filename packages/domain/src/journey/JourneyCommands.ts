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
import * as Layer from "effect/Layer"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "../kernel/Actor.js"
import * as Agency from "./Agency.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as CitizenId from "../kernel/CitizenId.js"
import * as Decision from "../survey/Decision.js"
import * as Access from "../kernel/Access.js"
import * as Audit from "../kernel/Audit.js"
import type { NotPermitted } from "../kernel/Access.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Idempotency from "../kernel/Idempotency.js"
import * as Journey from "./Journey.js"
import { type Command, JourneyStore, type Transaction } from "./JourneyStore.js"
import * as Logbook from "./Logbook.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Problem from "./Problem.js"
import * as Progress from "./Progress.js"
import * as Registry from "../registry/Registry.js"
import * as RoundReport from "../registry/RoundReport.js"
import * as RuleSet from "../survey/RuleSet.js"

/** The registry has no record of the household in the round: import its record first. */
export class NotInRound extends Schema.TaggedError<NotInRound>()("NotInRound", { houseCode: Schema.String, round: Schema.Int }) {
  override get message(): string {
    return `household ${this.houseCode}: no record in round ${this.round} of the registry`
  }
}

/** A household added in the field: its record in the round lies in another village than the one given (which is not said: it may be outside the actor's areas). */
export class VillageMismatch extends Schema.TaggedError<VillageMismatch>()("VillageMismatch", {
  houseCode: Schema.String,
  round: Schema.Int,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode}: its record in round ${this.round} lies in another village than ${this.villageCode}`
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

/** Which roles may run each command (reads need only the area in scope): the journey's rows of `Access.table`. */
export const roles: Record<Command, ReadonlyArray<Actor.Role>> = Access.table

const permitted = (actor: Actor.Actor, command: Command) => Access.check(actor, command)

const inScope = Access.inScope

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

/**
 * The decision of a household's record in a round of the registry, under the rule set
 * decisions are made under: the journey never takes a decision from its caller.
 */
const decisionIn = (houseCode: string, round: number) =>
  Effect.gen(function* () {
    const record = yield* (yield* Registry.HouseholdRegistry).get(round, houseCode)
    if (Option.isNone(record)) return yield* new NotInRound({ houseCode, round })
    return { record: record.value, decision: RuleSet.evaluate(RuleSet.resolve(), record.value) }
  })

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
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "AddHouseholdInput" })
export type AddHousehold = typeof AddHousehold.Type

export const Analyse = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  on: CalendarDate.IsoDate
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
  on: CalendarDate.IsoDate
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

/**
 * Adds a household the survey missed (ครัวเรือนตกหล่น), verified on the spot (source
 * "field"): its field record, imported into the round of the registry in that village,
 * must make it survey-poor; its failed indicators become its problems.
 */
export const addHousehold = (actor: Actor.Actor, key: Idempotency.Key, input: AddHousehold) =>
  Effect.gen(function* () {
    yield* permitted(actor, "addHousehold")
    yield* inScope(actor, input.villageCode)
    const { decision, record } = yield* decisionIn(input.houseCode, input.round)
    if (record.villageCode !== input.villageCode) {
      return yield* new VillageMismatch({ houseCode: input.houseCode, round: input.round, villageCode: input.villageCode })
    }
    return yield* once("addHousehold", actor, key, input, Journey.Household, (tx) =>
      Effect.gen(function* () {
        if (Option.isSome(yield* tx.facts(input.houseCode))) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "in the journey" })
        if (!decision.surveyPoor) return yield* new NotSurveyPoor({ houseCode: input.houseCode, round: input.round })
        const household: Journey.Household = {
          houseCode: input.houseCode,
          villageCode: input.villageCode,
          source: "field",
          round: input.round,
          failed: Problem.failed(decision),
          verification: { outcome: "added", on: input.on, by: actor.id, ...(input.note === undefined ? {} : { note: input.note }) }
        }
        yield* tx.putHousehold(household)
        return household
      }))
  })

// ----- step 2: analyse

/**
 * The household's failed indicators as its record in the registry now decides them (a
 * verification may have corrected the record since it was enrolled), or as enrolled
 * when the registry has no record of it. `undefined` when the household is not in the
 * journey or not in the actor's areas: the command's own checks then refuse it.
 */
const failedNow = (actor: Actor.Actor, houseCode: string) =>
  Effect.gen(function* () {
    const found = yield* (yield* JourneyStore).household(houseCode)
    if (Option.isNone(found) || !Actor.inScope(actor, found.value.household.villageCode)) return undefined
    const household = found.value.household
    const record = yield* (yield* Registry.HouseholdRegistry).get(household.round, houseCode)
    return Option.isNone(record) ? household.failed : Problem.failed(RuleSet.evaluate(RuleSet.resolve(), record.value))
  })

/** Opens the household's problems from its failed indicators, as its stored record decides them (step 2). */
export const analyse = (actor: Actor.Actor, key: Idempotency.Key, input: Analyse) =>
  Effect.gen(function* () {
    yield* permitted(actor, "analyse")
    const now = yield* failedNow(actor, input.houseCode)
    return yield* once("analyse", actor, key, input, Schema.Array(Problem.Problem), (tx) =>
      Effect.gen(function* () {
        const facts = yield* householdIn(tx, actor, input.houseCode)
        yield* lift(Journey.requireStep(facts, "verified", "analyse"))
        if (facts.household.analysis !== undefined) return yield* new Journey.AlreadyDone({ houseCode: input.houseCode, action: "analysed" })
        const failed = now ?? facts.household.failed
        const problems = Problem.open(input.houseCode, failed, input.on)
        for (const p of problems) yield* tx.putProblem(p)
        yield* tx.putHousehold({ ...facts.household, failed, analysis: { on: input.on, by: actor.id } })
        return problems
      }))
  })

/**
 * Step 2 for a round: puts the round's target households in the actor's areas (or in
 * `area` of them) into the journey from their stored decisions, then opens the problems
 * of every household there that is verified and not yet analysed. The role and the area
 * are checked before anything is read or written; a district user asking for the
 * province is refused with nothing written.
 *
 * @example JourneyCommands.analyseStoredRound(district3301, 2565, "2022-03-01", "330101") // { enrolled: 1200, analysed: 40, awaitingVerification: 1160 }
 */
export const analyseStoredRound = (actor: Actor.Actor, round: number, on: CalendarDate.IsoDate, area?: string) =>
  Effect.gen(function* () {
    yield* permitted(actor, "enrol")
    yield* permitted(actor, "analyse")
    const scoped = area === undefined ? actor : yield* Actor.narrow(actor, area)
    let enrolled = 0
    yield* RoundReport.decisions(scoped, round, RuleSet.resolve().key, (page) =>
      Effect.map(enrol(scoped, round, page), (r) => void (enrolled += r.inserted)))
    const store = yield* JourneyStore
    let analysed = 0
    let awaitingVerification = 0
    for (const code of scoped.scope) {
      for (const f of yield* store.facts(code)) {
        if (f.household.analysis !== undefined) continue
        if (f.household.verification === undefined) {
          awaitingVerification++
          continue
        }
        yield* analyse(scoped, `analyse:${round}:${f.household.houseCode}` as Idempotency.Key, { houseCode: f.household.houseCode, on })
        analysed++
      }
    }
    return { enrolled, analysed, awaitingVerification }
  })

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
  Effect.flatMap(memberProblem(input), (problem) =>
  once("recordHelp", actor, key, input, Logbook.Entry, (tx, at) =>
    Effect.gen(function* () {
      const facts = yield* householdIn(tx, actor, input.houseCode)
      if (problem !== undefined) return yield* new UnknownMember({ houseCode: input.houseCode, reason: problem })
      yield* lift(Journey.requireStep(facts, "verified", "record help"))
      for (const indicator of input.problems) yield* lift(Journey.problem(facts, indicator))
      if (input.action !== undefined && !facts.actions.some((a) => a.id === input.action)) {
        return yield* new Journey.NotFound({ what: "action", id: input.action })
      }
      yield* giverKnown(tx, input.giver)
      const entry = Logbook.record(Logbook.id(yield* tx.next("entry")), input, facts.household.villageCode, actor.id, at)
      yield* tx.append(entry)
      return entry
    })))

/**
 * The member a logbook entry names is not one: a citizen ID whose check digit is wrong, or
 * one that no record of the household in the registry lists. The ID is never repeated.
 */
export class UnknownMember extends Schema.TaggedError<UnknownMember>()("UnknownMember", {
  houseCode: Schema.String,
  reason: Schema.Literal("checkDigit", "notInHousehold")
}) {
  override get message(): string {
    return this.reason === "checkDigit"
      ? `household ${this.houseCode}: the member's citizen ID has a wrong check digit`
      : `household ${this.houseCode}: the member's citizen ID is not a member of the household in any round of the registry`
  }
}

/**
 * Why the member an entry names is not one of the household's, if it is not: its ID must
 * pass the check digit and be listed by the household's record in some round of the
 * registry. Read before the journey's transaction (which on SQLite holds the one
 * connection); the refusal is made in it, after the household and the actor's areas.
 */
const memberProblem = (input: Logbook.HelpInput): Effect.Effect<UnknownMember["reason"] | undefined, never, Registry.HouseholdRegistry> =>
  Effect.gen(function* () {
    const member = input.member
    if (member === undefined) return undefined
    if (!CitizenId.isValid(member)) return "checkDigit"
    const registry = yield* Registry.HouseholdRegistry
    for (const round of yield* registry.roundsOf(input.houseCode)) {
      const record = yield* registry.get(round, input.houseCode)
      if (Option.isSome(record) && record.value.members.some((m) => m.citizenId === member)) return undefined
    }
    return "notInHousehold"
  })

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

/**
 * Closes the household's open problems whose indicator passes in a later round, as the
 * household's record in that round of the registry decides; returns those closed.
 */
export const closeFromRound = (actor: Actor.Actor, key: Idempotency.Key, input: CloseFromRound) =>
  Effect.gen(function* () {
    yield* permitted(actor, "closeFromRound")
    const { decision } = yield* decisionIn(input.houseCode, input.round)
    return yield* once("closeFromRound", actor, key, input, Schema.Array(Problem.Problem), (tx) =>
      Effect.gen(function* () {
        const facts = yield* householdIn(tx, actor, input.houseCode)
        yield* lift(Journey.requireStep(facts, "analysed", "close problems from a round"))
        if (input.round <= facts.household.round) {
          return yield* new RoundNotLater({ houseCode: input.houseCode, round: input.round, targetedIn: facts.household.round })
        }
        const closed = closing(facts, input.round, input.on, actor.id, decision)
        for (const p of closed) yield* tx.putProblem(p)
        return closed
      }))
  })

/** Where a long round's work stands: households' decisions done, and the last house code handled. */
export interface Checkpoint {
  readonly done: number
  readonly after: string
}

/**
 * `closeFromRoundAll` over a round's stored decisions in the actor's areas, or in `area`
 * of them, page by page: what `journey close-from-round` runs after a new round is
 * evaluated. The actor's role and the area are checked before anything is read, so a
 * refusal does not depend on whether the round has decisions there. Resumes after
 * `options.after`; `options.onProgress` runs after each page is written (a job's
 * checkpoint).
 *
 * @example JourneyCommands.closeFromStoredRound(province, 2566, "2023-06-01") // { decisions: 400000, closed: 412 }
 */
export const closeFromStoredRound = <E = never>(
  actor: Actor.Actor,
  round: number,
  on: CalendarDate.IsoDate,
  area?: string,
  options: {
    readonly after?: string
    /** The last house code of a range to handle (a job's part of the round); default: to the end. */
    readonly through?: string
    readonly onProgress?: (progress: Checkpoint) => Effect.Effect<void, E>
  } = {}
) =>
  Effect.gen(function* () {
    yield* permitted(actor, "closeFromRound")
    const scoped = area === undefined ? actor : yield* Actor.narrow(actor, area)
    let decisions = 0
    let closed = 0
    yield* RoundReport.decisions(
      scoped,
      round,
      RuleSet.resolve().key,
      (page) =>
        Effect.gen(function* () {
          const r = yield* closeFromRoundAll(scoped, round, on, page)
          decisions += page.length
          closed += r.closed
          if (options.onProgress !== undefined) yield* options.onProgress({ done: decisions, after: page[page.length - 1]!.decision.houseCode })
        }),
      {
        ...(options.after === undefined ? {} : { after: options.after }),
        ...(options.through === undefined ? {} : { through: options.through })
      }
    )
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

const view = (facts: Journey.Facts) => ({
  facts,
  step: Journey.step(facts),
  stage: Journey.stage(facts),
  problems: facts.problems.map((p) => ({ indicator: p.indicator, dimension: p.dimension, status: Journey.problemStatus(facts, p) })),
  unaddressed: Journey.unaddressed(facts),
  solved: Journey.solved(facts)
})

const factsOf = (actor: Actor.Actor, houseCode: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJourney")
    const found = yield* (yield* JourneyStore).household(houseCode)
    if (Option.isNone(found)) return yield* new Journey.NotFound({ what: "household", id: houseCode })
    yield* inScope(actor, found.value.household.villageCode)
    return found.value
  })

/**
 * One household's journey: its facts, step, stage, problem statuses and the problems its
 * plan leaves unaddressed; the member a logbook entry names is masked.
 */
export const household = (actor: Actor.Actor, houseCode: string) =>
  Effect.map(factsOf(actor, houseCode), (facts) => view({ ...facts, entries: facts.entries.map(Logbook.masked) }))

/**
 * `household` with citizen IDs in full, for a role `Access.table.unmask` allows: the read
 * is on record in the audit log, with the route or command it went through and why.
 */
export const householdUnmasked = (actor: Actor.Actor, houseCode: string, record: { readonly what: string; readonly reason?: string | undefined }) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "unmask")
    const facts = yield* factsOf(actor, houseCode)
    yield* Audit.record(actor, { action: "unmask", what: record.what, houseCodes: [houseCode], reason: record.reason })
    return view(facts)
  })

/** The agencies, by code: no one's personal data, so anyone may read them. */
export const agencies = Effect.flatMap(JourneyStore, (store) => store.agencies())

/** The teams serving an area in the actor's scope ("" the whole of it). */
export const teams = (actor: Actor.Actor, area: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJourney")
    if (area !== "") yield* inScope(actor, area)
    const all = yield* (yield* JourneyStore).teams(area)
    return area === "" ? all.filter((t) => Actor.inScope(actor, t.area)) : all
  })

/** The users whose areas lie in the actor's scope (the provincial centre sees the province's). */
export const usersIn = (actor: Actor.Actor) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJourney")
    return (yield* (yield* JourneyStore).users()).filter((u) => u.scope.every((area) => Actor.inScope(actor, area)))
  })

/** The districts' deadlines in the actor's scope. */
export const deadlines = (actor: Actor.Actor) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readReport")
    return (yield* (yield* JourneyStore).deadlines()).filter((d) => Actor.inScope(actor, d.district))
  })

/** The logbook of an area in the actor's scope ("" the whole of it), in the order appended; members masked. */
export const logbook = (actor: Actor.Actor, area: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJourney")
    const areas = area === "" ? actor.scope : [area]
    if (area !== "") yield* inScope(actor, area)
    const store = yield* JourneyStore
    const entries = new Map<string, Logbook.Entry>()
    for (const code of areas) for (const e of yield* store.logbook(code)) entries.set(e.id, e)
    return [...entries.values()].map(Logbook.masked)
  })

const factsIn = (actor: Actor.Actor, area: string, action: Access.Action) =>
  Effect.gen(function* () {
    yield* Access.check(actor, action)
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
export const progress = (actor: Actor.Actor, area: string, depth?: number) =>
  Effect.map(factsIn(actor, area, "readReport"), (facts) =>
    Progress.toDepth(Progress.byArea(facts.map(Progress.summarise), area === "" ? "province" : Area.level(area as Area.AreaCode)), area, depth))

/**
 * The public's progress: households by step for the province and each district, cells of
 * 1 to 4 households suppressed (`Progress.published`). No household, no problem, no
 * village: anyone may read it.
 */
export const publicProgress = Effect.gen(function* () {
  const store = yield* JourneyStore
  const facts = yield* store.facts("")
  return Progress.toDepth(Progress.byArea(facts.map(Progress.summarise), "province"), "", 1).map(Progress.published)
})

/**
 * Target households of an area in the actor's scope that pass `filter`, in house-code
 * order: each household's step, stage, help, mentor team and failed dimensions.
 */
export const households = (actor: Actor.Actor, area: string, filter: Progress.Filter) =>
  Effect.map(factsIn(actor, area, "readJourney"), (facts) => Progress.list(facts, filter))

/** The burn-downs of every district of an area in the actor's scope (a province page's charts), by district code. */
export const burnDowns = (actor: Actor.Actor, area: string, from: CalendarDate.IsoDate, every = 7) =>
  Effect.gen(function* () {
    const facts = yield* factsIn(actor, area, "readReport")
    const store = yield* JourneyStore
    const day = yield* today
    const deadlines = yield* store.deadlines()
    const byDistrict = new Map<string, Array<Journey.Facts>>()
    for (const f of facts) {
      const district = f.household.villageCode.slice(0, 4)
      const list = byDistrict.get(district)
      if (list === undefined) byDistrict.set(district, [f])
      else list.push(f)
    }
    return [...byDistrict.keys()].sort().map((district) => {
      const deadline = Progress.deadline(deadlines, district, day)
      return { district, deadline, points: Progress.burnDown(byDistrict.get(district)!, { from, deadline, today: day, every }) }
    })
  })

/** Plan actions of an area past their due date on today's Thai date. */
export const overdue = (actor: Actor.Actor, area: string) =>
  Effect.gen(function* () {
    const facts = yield* factsIn(actor, area, "readJourney")
    return Progress.overdue(facts, yield* today)
  })

/** Target households of an area, not solved, with no standing help in the logbook. */
export const noHelp = (actor: Actor.Actor, area: string) => Effect.map(factsIn(actor, area, "readJourney"), Progress.noHelp)

/** A district's deadline (set, or the end of this fiscal year) and its burn-down from `from`. */
export const burnDown = (actor: Actor.Actor, district: string, from: CalendarDate.IsoDate, every = 7) =>
  Effect.gen(function* () {
    const facts = yield* factsIn(actor, district, "readReport")
    const store = yield* JourneyStore
    const day = yield* today
    const deadline = Progress.deadline(yield* store.deadlines(), district, day)
    return { district, deadline, points: Progress.burnDown(facts, { from, deadline, today: day, every }) }
  })

/**
 * The stored users as the kernel's `Access.Users`: how an app turns a user id (an API
 * token's, the command line's `--as`) into the acting user with their role and scope.
 */
export const users: Layer.Layer<Access.Users, never, JourneyStore> = Layer.effect(
  Access.Users,
  Effect.map(JourneyStore, (store) => ({
    get: (id: string) => Effect.map(store.user(id), Option.map(Organisation.actor))
  }))
)

