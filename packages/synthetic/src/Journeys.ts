/**
 * A province mid-journey, for demonstrations and the main job: teams and users for every
 * subdistrict, the round's target households enrolled from its stored decisions, and each
 * household taken a seeded random way along the six steps through the domain's own
 * commands (so every rule and refusal applies): verified, analysed, capitals scored,
 * problems planned for or marked, plans agreed, help recorded (some reversed and
 * recorded again), actions moved on, follow-up visits. The same seed gives the same
 * journey, written to the database in one transaction. Runs over the domain's ports; the
 * database's adapter adds only its batch and its numbering (`Adapter`).
 */
import {
  Actor,
  type CalendarDate,
  type Dimension,
  type FundCommands,
  type FundRequest,
  type Idempotency,
  type Journey,
  JourneyCommands as J,
  JourneyMemory,
  JourneyStore,
  type Logbook,
  Organisation,
  type Plan,
  type Registry,
  type RoundEvaluation,
  RoundReport,
  RuleSet,
  type Satang
} from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * A small seeded generator (mulberry32): the same seed, the same numbers. Not the
 * households' `Random` (sfc32): the journeys of every seed so far were drawn with this one.
 */
const generator = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hash = (text: string, seed: number) => {
  let h = seed ^ 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) as CalendarDate.IsoDate

/** Who usually answers a problem of each dimension, with which part of the 4T plan and budget. */
const responders: Record<Dimension.Dimension, ReadonlyArray<readonly [string, Plan.FourT, Plan.BudgetSource, Logbook.Kind, string]>> = {
  health: [
    ["health", "attitude", "agencyFunction", "service", "เยี่ยมบ้าน ให้ความรู้ด้านสุขภาพ"],
    ["sdhs", "resources", "agencyFunction", "goods", "มอบอุปกรณ์ช่วยเหลือผู้พิการ"]
  ],
  living: [
    ["local-government", "resources", "localGovernment", "housingRepair", "ซ่อมแซมที่อยู่อาศัย"],
    ["interior", "resources", "fund", "housingRepair", "ปรับปรุงห้องน้ำ"]
  ],
  education: [
    ["education", "skills", "agencyFunction", "training", "ส่งเสริมการเรียนต่อ"],
    ["cdd", "wayOut", "fund", "cash", "ทุนการศึกษา"]
  ],
  income: [
    ["labour", "skills", "agencyFunction", "training", "ฝึกอาชีพ"],
    ["agriculture", "wayOut", "agencyFunction", "goods", "ส่งเสริมการปลูกผักสวนครัว"],
    ["employment", "wayOut", "agencyFunction", "job", "จัดหางานในพื้นที่"]
  ],
  access: [
    ["sdhs", "wayOut", "agencyFunction", "welfareEnrolment", "ขึ้นทะเบียนรับสวัสดิการ"],
    ["interior", "attitude", "other", "referral", "ส่งต่อหน่วยงานที่เกี่ยวข้อง"]
  ]
}

const stages = ["survive", "survive", "survive", "sufficient", "sufficient", "sustainable"] as const

/**
 * What the walk needs of a journey store's adapter beyond the port: a whole program in one
 * transaction, and its numbering raised past ids copied in (`JourneySql` has both). `R`,
 * what the adapter needs, is read from `raiseSequences`: `batch` is generic over it.
 */
export interface Adapter<R> {
  readonly batch: <A, E>(
    program: Effect.Effect<A, E, JourneyStore.JourneyStore | Registry.HouseholdRegistry>
  ) => Effect.Effect<A, E, NoInfer<R> | Registry.HouseholdRegistry>
  readonly raiseSequences: (values: Partial<Record<JourneyStore.Sequence, number>>) => Effect.Effect<void, never, R>
}

/** What the journey's commands may refuse, as the domain types it (the walk keeps to the rules, so none does on a fresh journey). */
export type Refusal =
  | FundRequest.NotPermitted
  | FundCommands.OutOfScope
  | Idempotency.KeyReused
  | J.UnknownAgency
  | J.UnknownMember
  | Organisation.TeamOutsideArea
  | Organisation.NotMentorTeam
  | Journey.NotFound
  | Journey.AlreadyDone
  | Journey.StepRequired
  | Journey.UnknownProblem
  | Journey.ProblemClosed
  | Journey.PlanIncomplete
  | Journey.NoHelpToConfirm
  | Logbook.NotReversible
  | Plan.InvalidActionTransition

/** What a walk did: the households it went through, the commands it ran, and what they wrote. */
export interface Walked {
  readonly households: number
  readonly commands: number
  readonly entries: number
  readonly reversals: number
  readonly visits: number
}

/** A walk and the households it enrolled first. */
export interface Simulated extends Walked {
  readonly enrolled: number
}

/**
 * Takes the target households of `area` in the journey along it, seeded by `seed`.
 *
 * @example JourneySql.batch(simulate(Actor.system("main-job"), "33", 2565))
 */
export const simulate = (
  actor: Actor.Actor,
  area: string,
  seed: number
): Effect.Effect<Walked, Refusal, JourneyStore.JourneyStore | Registry.HouseholdRegistry> =>
  Effect.gen(function* () {
    let commands = 0
    let entries = 0
    let reversals = 0
    let visits = 0
    const keyOf = (text: string) => `sim:${seed}:${text}` as Idempotency.Key
    const count = <A, E, R>(command: Effect.Effect<A, E, R>) => Effect.tap(command, () => void commands++)
    const store = yield* JourneyStore.JourneyStore
    const households = (yield* store.facts(area)).map((f) => f.household)

    // A mentor team and a subdistrict operation team in every subdistrict with targets, and their users.
    const subdistricts = [...new Set(households.map((h) => h.villageCode.slice(0, 6)))].sort()
    const districts = [...new Set(subdistricts.map((s) => s.slice(0, 4)))]
    for (const sub of subdistricts) {
      const mentor = Organisation.Team.make({ id: `mentor-${sub}` as Organisation.TeamId, kind: "mentor", name: `ทีมพี่เลี้ยงตำบล ${sub}`, area: sub as never, members: [{ name: `พี่เลี้ยง ${sub}`, userId: `mentor-${sub}`, agency: "cdd" as never }, { name: `อสม. ${sub}`, agency: "health" as never }] })
      yield* count(J.putTeam(actor, keyOf(`team:${mentor.id}`), mentor))
      yield* count(J.putTeam(actor, keyOf(`team:op-${sub}`), Organisation.Team.make({ id: `op-${sub}` as Organisation.TeamId, kind: "subdistrictOperation", name: `ทีมปฏิบัติการตำบล ${sub}`, area: sub as never, members: [{ name: `ปลัด อบต. ${sub}`, agency: "local-government" as never }] })))
      yield* count(J.putUser(actor, keyOf(`user:mentor-${sub}`), { id: `mentor-${sub}`, name: `พี่เลี้ยง ${sub}`, role: "mentor", scope: [sub], team: mentor.id }))
      yield* count(J.assignMentorTeam(actor, keyOf(`assign:${sub}`), { team: mentor.id, area: sub as never }))
    }
    for (const district of districts) {
      yield* count(J.putUser(actor, keyOf(`user:dc-${district}`), { id: `dc-${district}`, name: `ศจพ.อ. ${district}`, role: "districtCentre", scope: [district] }))
    }
    if (districts[0] !== undefined) {
      yield* count(J.setDeadline(actor, keyOf(`deadline:${districts[0]}`), { district: districts[0], due: "2022-06-30" as CalendarDate.IsoDate }))
    }

    for (const household of households) {
      const random = generator(hash(household.houseCode, seed))
      const chance = (p: number) => random() < p
      const pick = <A>(list: ReadonlyArray<A>): A => list[Math.floor(random() * list.length)]!
      const houseCode = household.houseCode
      const key = (what: string) => keyOf(`${houseCode}:${what}`)
      if (household.verification !== undefined || !chance(0.9)) continue
      const mentor: Actor.Actor = { id: `mentor-${household.villageCode.slice(0, 6)}`, role: "mentor", scope: [household.villageCode.slice(0, 6)] }
      const verifiedOn = addDays("2021-11-01", Math.floor(random() * 120))
      yield* count(J.verify(mentor, key("verify"), { houseCode, outcome: chance(0.85) ? "confirmed" : "corrected", on: verifiedOn }))
      if (!chance(0.88)) continue
      const analysedOn = addDays(verifiedOn, 2 + Math.floor(random() * 10))
      const problems = yield* count(J.analyse(mentor, key("analyse"), { houseCode, on: analysedOn }))
      if (chance(0.5)) {
        const score = () => 1 + Math.floor(random() * 5)
        yield* count(J.scoreCapitals(mentor, key("capitals"), { houseCode, capitals: { human: score(), physical: score(), financial: score(), natural: score(), social: score() } }))
      }
      if (!chance(0.8)) {
        // Immediate relief before any plan: it counts once the plan is agreed.
        if (chance(0.1)) {
          yield* count(J.recordHelp(mentor, key("relief"), { houseCode, on: addDays(analysedOn, 3), giver: { agency: "sdhs" as never }, kind: "goods", value: 50_000 as Satang.Satang, problems: [], budgetSource: "agencyFunction" }))
          entries++
        }
        continue
      }
      const plannedOn = addDays(analysedOn, 3 + Math.floor(random() * 20))
      const actions: Array<Plan.Action> = []
      for (const problem of problems) {
        if (chance(0.12)) {
          const as = chance(0.6) ? "selfResolved" : "cannotResolve"
          yield* count(J.markProblem(mentor, key(`mark:${problem.indicator}`), { houseCode, indicator: problem.indicator, as, reason: as === "selfResolved" ? "ครัวเรือนแก้ไขได้เอง" : "เกินขีดความสามารถของหน่วยงานในพื้นที่", on: plannedOn } as never))
          continue
        }
        const [agency, part, budgetSource, , description] = pick(responders[problem.dimension])
        const action = yield* count(J.addPlanAction(mentor, key(`action:${problem.indicator}`), {
          houseCode,
          part,
          description,
          problems: [problem.indicator],
          responsible: { _tag: "agency", code: agency as never },
          budgetSource,
          plannedCost: (Math.floor(random() * 50) * 10_000) as Satang.Satang,
          due: addDays(plannedOn, 30 + Math.floor(random() * 180))
        } as Plan.ActionInput))
        actions.push(action)
      }
      yield* count(J.agreePlan(mentor, key("agree"), { houseCode, on: plannedOn }))
      if (!chance(0.7)) continue
      let lastHelp = plannedOn
      let helped = 0
      for (const action of actions) {
        if (!chance(0.8)) continue
        const kind = responders[problems.find((p) => p.indicator === action.problems[0])!.dimension].find(([code]) => action.responsible._tag === "agency" && code === action.responsible.code)?.[3] ?? "service"
        const on = addDays(plannedOn, 7 + Math.floor(random() * 90))
        const help = {
          houseCode,
          on,
          giver: { agency: (action.responsible as { code: string }).code as never, team: `mentor-${household.villageCode.slice(0, 6)}` as never },
          kind,
          value: action.plannedCost,
          problems: [],
          action: action.id,
          budgetSource: action.budgetSource,
          evidence: `DOC-${houseCode}-${action.id}`
        } as unknown as Logbook.HelpInput
        const entry = yield* count(J.recordHelp(mentor, key(`help:${action.id}`), help))
        entries++
        if (chance(0.05)) {
          yield* count(J.reverseHelp(mentor, key(`reverse:${entry.id}`), { entry: entry.id, reason: "บันทึกผิดรายการ" as never, on: addDays(on, 2) }))
          entries++
          reversals++
          if (!chance(0.5)) continue
          yield* count(J.recordHelp(mentor, key(`help-again:${action.id}`), { ...help, on: addDays(on, 3) }))
          entries++
        }
        helped++
        if (on > lastHelp) lastHelp = on
        yield* count(J.setActionStatus(mentor, key(`status:${action.id}`), { action: action.id, status: chance(0.75) ? "done" : "inProgress" }))
      }
      if (helped === 0 || !chance(0.6)) continue
      const view = yield* J.household(actor, houseCode)
      const confirms = view.problems.filter((p) => p.status === "assisted" && chance(0.8)).map((p) => p.indicator)
      yield* count(J.recordVisit(mentor, key("visit"), { houseCode, on: addDays(lastHelp, 7 + Math.floor(random() * 40)), stage: pick(stages), confirms }))
      visits++
    }
    return { households: households.length, commands, entries, reversals, visits }
  })

/** The numbers of the ids a store gave out (A-n, L-n, V-n): the highest of each. */
const highest = (ids: ReadonlyArray<string>) => ids.reduce((n, id) => Math.max(n, Number(id.slice(id.indexOf("-") + 1)) || 0), 0)

/**
 * Walks the households on the domain's memory store (every command and refusal as on the
 * database, at memory speed), then copies what it holds into the database's store in one
 * transaction: teams, users, deadlines, each household's record, problems, actions and
 * visits, the logbook in the order appended, the idempotency entries, and the counters.
 */
const onMemory = <R>(actor: Actor.Actor, area: string, seed: number, start: ReadonlyArray<Journey.Facts>, adapter: Adapter<R>) =>
  Effect.gen(function* () {
    const { walked, snapshot } = yield* Effect.gen(function* () {
      yield* J.seedAgencies(actor)
      const memory = yield* JourneyStore.JourneyStore
      yield* memory.transact((tx) => tx.ensure(start.map((f) => f.household)))
      const walked = yield* simulate(actor, area, seed)
      const snapshot = {
        facts: yield* memory.facts(area),
        logbook: yield* memory.logbook(area),
        teams: yield* memory.teams(""),
        users: yield* memory.users(),
        deadlines: yield* memory.deadlines(),
        entries: yield* memory.entries()
      }
      return { walked, snapshot }
    }).pipe(Effect.provide(JourneyMemory.layerMemory))
    const database = yield* JourneyStore.JourneyStore
    yield* database.transact((tx) =>
      Effect.gen(function* () {
        for (const team of snapshot.teams) yield* tx.putTeam(team)
        for (const user of snapshot.users) yield* tx.putUser(user)
        for (const deadline of snapshot.deadlines) yield* tx.putDeadline(deadline)
        for (const f of snapshot.facts) {
          if (f.household.verification !== undefined || f.household.mentorTeam !== undefined) yield* tx.putHousehold(f.household)
          for (const p of f.problems) yield* tx.putProblem(p)
          for (const a of f.actions) yield* tx.putAction(a)
          for (const v of f.visits) yield* tx.putVisit(v)
        }
        for (const e of snapshot.logbook) yield* tx.append(e)
        for (const r of snapshot.entries) if (Option.isNone(yield* tx.entry(r.key))) yield* tx.record(r)
      })
    )
    const all = snapshot.facts
    yield* adapter.raiseSequences({
      action: highest(all.flatMap((f) => f.actions.map((a) => a.id))),
      entry: highest(snapshot.logbook.map((e) => e.id)),
      visit: highest(all.flatMap((f) => f.visits.map((v) => v.id)))
    })
    return walked
  })

/**
 * Enrols the round's target households of `area` from its stored decisions, then takes
 * them along the journey. On a journey nobody has started in the area (the main job's) the
 * walk runs on the memory store and is copied in; otherwise (ids already given out) it
 * runs on the database in one transaction (`adapter.batch`), as it does with
 * `onDatabase`: both ways end in the same journey.
 *
 * @example Journeys.run(Actor.system(), 2564, "33", 2565, JourneySql)
 */
export const run = <R>(
  actor: Actor.Actor,
  round: number,
  area: string,
  seed: number,
  adapter: Adapter<R>,
  onDatabase = false
): Effect.Effect<Simulated, Refusal | RoundEvaluation.NotEvaluated, JourneyStore.JourneyStore | Registry.HouseholdRegistry | Registry.DecisionStore | R> =>
  Effect.gen(function* () {
    let enrolled = 0
    const scoped = yield* Actor.narrow(actor, area)
    yield* RoundReport.decisions(scoped, round, RuleSet.resolve().key, (page) =>
      Effect.map(J.enrol(scoped, round, page), (r) => void (enrolled += r.inserted)))
    const database = yield* JourneyStore.JourneyStore
    const start = yield* database.facts(area)
    const untouched = start.every((f) => f.household.verification === undefined) && (yield* database.logbook("")).length === 0
    const walked = untouched && !onDatabase ? yield* onMemory(actor, area, seed, start, adapter) : yield* adapter.batch(simulate(actor, area, seed))
    return { enrolled, ...walked } satisfies Simulated
  })
