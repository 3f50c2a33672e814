/**
 * The contract of the household journey's store (`JourneyStore`): one suite, run against
 * the domain's memory fake and every database engine, so that an adapter passes exactly
 * when it behaves as the fake does. The SQL adapters start with the provincial agencies
 * seeded by their migration, the fake empty: every test seeds them first.
 */
import {
  type Actor,
  Agency,
  type CalendarDate,
  type Decision,
  type Dimension,
  type Idempotency,
  Journey,
  JourneyCommands as J,
  JourneyStore,
  Logbook,
  Organisation,
  Plan,
  type Problem,
  Registry,
  type Satang
} from "@phungpao/domain"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { describe, expect, it } from "vitest"
import { record, synthetic } from "../fixtures.js"

const baht = (n: number) => (n * 100) as Satang.Satang
const date = (s: string) => s as CalendarDate.IsoDate
const key = (text: string) => text as Idempotency.Key
/** Wednesday 10 August 2022, 10:00 in Thailand (fiscal 2565). */
const t0 = Date.UTC(2022, 7, 10, 3)

const person = (id: string, role: Actor.Role, scope: ReadonlyArray<string>): Actor.Actor => ({ id, role, scope })
const province = person("pc-33", "provincialCentre", ["33"])
const mentor = person("mentor-330101", "mentor", ["330101"])
const officer = person("officer-health", "agencyOfficer", ["33"])

const house1 = "33010100001"
const house2 = "33010100002"
const house3 = "33020100003"

const dimensionOf: Record<number, Dimension.Dimension> = { 1: "health", 8: "living", 21: "education", 23: "income", 30: "access" }

const decision = (houseCode: string, fails: ReadonlyArray<number>): Decision.Decision => {
  const indicators = [1, 8, 21, 23, 30].map((indicator) => ({
    indicator,
    dimension: dimensionOf[indicator]!,
    status: fails.includes(indicator) ? ("fail" as const) : ("pass" as const),
    members: []
  }))
  const failedDimensions = [...new Set(indicators.filter((r) => r.status === "fail").map((r) => r.dimension))]
  return {
    houseCode,
    surveyYear: 2565,
    ruleSet: "tpmap-2565",
    indicators,
    failedDimensions,
    deprivationScore: failedDimensions.length / 5,
    surveyPoor: failedDimensions.length > 0,
    target: failedDimensions.length > 0,
    reasons: []
  }
}

const stored = (houseCode: string, villageCode: string, fails: ReadonlyArray<number>): Registry.StoredDecision => ({
  decision: decision(houseCode, fails),
  villageCode,
  persons: 3,
  evaluation: { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: "2022-08-01T00:00:00.000Z" }
})

const team = Schema.decodeSync(Organisation.Team)({
  id: "mentor-330101",
  kind: "mentor",
  name: "ทีมพี่เลี้ยงตำบล 330101",
  area: "330101",
  members: [{ name: "สมศรี ใจดี", agency: "cdd" }, { userId: "u-2", name: "Somchai" }]
})
const operation = Schema.decodeSync(Organisation.Team)({ id: "op-330201", kind: "subdistrictOperation", name: "ทีมปฏิบัติการ 330201", area: "330201", members: [] })

const actionInput = (houseCode: string, problems: ReadonlyArray<number>, extra: Record<string, unknown> = {}) =>
  ({
    houseCode,
    part: "resources",
    description: "ซ่อมหลังคาบ้าน",
    problems,
    responsible: { _tag: "agency", code: "local-government" },
    budgetSource: "localGovernment",
    plannedCost: baht(3_000),
    due: date("2022-08-05"),
    ...extra
  }) as unknown as Plan.ActionInput

const helpInput = (houseCode: string, extra: Record<string, unknown> = {}) =>
  ({
    houseCode,
    on: date("2022-08-12"),
    giver: { agency: "health" },
    kind: "service",
    value: baht(500),
    problems: [],
    budgetSource: "agencyFunction",
    ...extra
  }) as unknown as Logbook.HelpInput

// Records written straight through a transaction, every optional field set, to check
// that nothing is lost or reordered on the way.
const at = new Date(t0).toISOString()

const household = (houseCode: string, villageCode: string, extra: Record<string, unknown> = {}): Journey.Household =>
  Schema.decodeUnknownSync(Journey.Household)({ houseCode, villageCode, source: "survey", round: 2565, failed: [{ indicator: 8, dimension: "living" }, { indicator: 23, dimension: "income" }], ...extra })

const full = household(house1, "33010101", {
  source: "field",
  verification: { outcome: "added", on: "2022-08-01", by: "m1", note: "ครัวเรือนตกหล่น" },
  analysis: { on: "2022-08-02", by: "m1" },
  capitals: { human: 2, physical: 3, financial: 1, natural: 4, social: 5 },
  agreement: { on: "2022-08-04", by: "m1" },
  mentorTeam: "mentor-330101"
})

const problem = (houseCode: string, indicator: number, closure?: Problem.Closure): Problem.Problem => ({
  houseCode,
  indicator,
  dimension: dimensionOf[indicator]!,
  openedOn: date("2022-08-02"),
  ...(closure === undefined ? {} : { closure })
})

const action = (n: number, houseCode: string): Plan.Action =>
  Schema.decodeUnknownSync(Plan.Action)({
    id: Plan.id(n),
    houseCode,
    part: "wayOut",
    description: "อบรมอาชีพเลี้ยงไก่ไข่",
    problems: [23],
    responsible: { _tag: "team", id: "mentor-330101" },
    budgetSource: "fund",
    plannedCost: 250_000,
    due: "2022-09-15",
    status: "planned",
    createdBy: "m1",
    createdAt: at
  })

const entry = (n: number, houseCode: string, villageCode: string, extra: Record<string, unknown> = {}): Logbook.Entry =>
  Schema.decodeUnknownSync(Logbook.Entry)({
    id: Logbook.id(n),
    houseCode,
    villageCode,
    member: "1100000000019",
    on: "2022-08-12",
    giver: { agency: "health", team: "mentor-330101", person: "นางสาวใจดี" },
    kind: "welfareEnrolment",
    value: 60_000,
    problems: [8, 23],
    action: "A-1",
    budgetSource: "agencyFunction",
    evidence: "DOC-2565-0042",
    note: "ขึ้นทะเบียนเบี้ยยังชีพ",
    recordedBy: "officer-health",
    recordedAt: at,
    ...extra
  })

const visit = (n: number, houseCode: string, extra: Record<string, unknown> = {}): Journey.Visit =>
  Schema.decodeUnknownSync(Journey.Visit)({ id: Journey.visitId(n), houseCode, on: "2022-08-20", stage: "sufficient", confirms: [8], note: "บ้านซ่อมแล้ว", by: "m1", recordedAt: at, ...extra })

const store = JourneyStore.JourneyStore

/** Three target households (two in 330101, one in 330201), one non-target, agencies seeded. */
const enrolled = Effect.gen(function* () {
  yield* J.seedAgencies(province)
  return yield* J.enrol(province, 2565, [
    stored(house2, "33010101", [1, 21]),
    stored(house1, "33010101", [8, 23]),
    stored(house3, "33020101", [30]),
    stored("33010100009", "33010101", [])
  ])
})

/** House 1 verified, scored, analysed, planned with one action per problem, and agreed. */
const planned = Effect.gen(function* () {
  yield* enrolled
  yield* J.verify(mentor, key("v1"), { houseCode: house1 as never, outcome: "corrected", on: date("2022-08-01"), note: "รายได้แก้ไข" as never })
  yield* J.scoreCapitals(mentor, key("s1"), { houseCode: house1 as never, capitals: { human: 2, natural: 5 } })
  yield* J.analyse(mentor, key("a1"), { houseCode: house1 as never, on: date("2022-08-02") })
  const a1 = yield* J.addPlanAction(mentor, key("p1"), actionInput(house1, [8]))
  const a2 = yield* J.addPlanAction(mentor, key("p2"), actionInput(house1, [23], { part: "skills", description: "อบรมอาชีพ", responsible: { _tag: "agency", code: "labour" }, budgetSource: "agencyFunction", plannedCost: 0, due: date("2022-09-30") }))
  yield* J.agreePlan(mentor, key("g1"), { houseCode: house1 as never, on: date("2022-08-03") })
  return { a1, a2 }
})

/** What the journey's commands read and write: its store, and the registry's records. */
type Ports = JourneyStore.JourneyStore | Registry.HouseholdRegistry

export const describeJourneyStore = (name: string, makeLayer: () => Layer.Layer<Ports>) => {
  const exit = <A, E>(program: Effect.Effect<A, E, Ports>) =>
    Effect.runPromiseExit(
      Effect.zipRight(TestClock.setTime(t0), program).pipe(Effect.provide(makeLayer()), Effect.provide(TestContext.TestContext))
    )
  const run = async <A, E>(program: Effect.Effect<A, E, Ports>): Promise<A> => {
    const result = await exit(program)
    if (Exit.isFailure(result)) throw new Error(`expected success, got ${Cause.pretty(result.cause)}`)
    return result.value
  }

  describe(`JourneyStore on ${name}`, () => {
    it("holds no household, entry, team, user or deadline at first; the seeded agencies by code", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          for (const all of [s.facts(""), s.logbook(""), s.teams(""), s.users(), s.deadlines(), s.entries()]) expect(yield* all).toEqual([])
          expect(yield* s.household(house1)).toEqual(Option.none())
          yield* J.seedAgencies(province)
          const agencies = yield* s.agencies()
          expect(agencies.map((a) => a.code)).toEqual([...Agency.seed.map((a) => a.code)].sort())
          expect(agencies.find((a) => a.code === "sdhs")).toEqual(Agency.seed.find((a) => a.code === "sdhs"))
          expect(agencies.find((a) => a.code === "labour")).toEqual(Agency.seed.find((a) => a.code === "labour"))
        })
      ))

    it("enrols target households once, in house-code order, with their failed indicators", () =>
      run(
        Effect.gen(function* () {
          const first = yield* enrolled
          const again = yield* J.enrol(province, 2565, [stored(house1, "33010101", [8]), stored("33010100004", "33010101", [1])])
          const s = yield* store
          const all = yield* s.facts("")
          expect(first).toEqual({ inserted: 3 })
          expect(again).toEqual({ inserted: 1 })
          expect(all.map((f) => f.household.houseCode)).toEqual([house1, house2, "33010100004", house3])
          expect(all[0]).toEqual({
            household: { houseCode: house1, villageCode: "33010101", source: "survey", round: 2565, failed: [{ indicator: 8, dimension: "living" }, { indicator: 23, dimension: "income" }] },
            problems: [],
            actions: [],
            entries: [],
            visits: []
          })
          expect((yield* s.facts("3302")).map((f) => f.household.houseCode)).toEqual([house3])
          expect(yield* s.facts("3303")).toEqual([])
        })
      ))

    it("gives back a household walked through all six steps exactly as written, with its step derived", () =>
      run(
        Effect.gen(function* () {
          const { a1, a2 } = yield* planned
          // The member helped is one of house 1's in the registry (a logbook's member must be).
          const [one] = synthetic(1, { surveyYear: 2565 })
          const withMember = record({ ...one!, houseCode: house1, villageCode: "33010101", members: [{ ...one!.members[0]!, citizenId: "1101700000001", relation: "head" }] })
          yield* (yield* Registry.HouseholdRegistry).upsert(2565, [withMember])
          yield* J.putTeam(province, key("t1"), team)
          yield* J.setActionStatus(officer, key("st1"), { action: a2.id, status: "inProgress" })
          const help = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [23], giver: { agency: "labour", person: "นายแรงงาน" }, kind: "training", member: "1101700000001", evidence: "DOC-1", note: "รุ่นที่ 1" }))
          yield* J.recordHelp(mentor, key("h2"), helpInput(house1, { action: a1.id, giver: { team: team.id }, kind: "housingRepair", budgetSource: "localGovernment", value: baht(2_500) }))
          yield* J.recordVisit(mentor, key("vis1"), { houseCode: house1 as never, on: date("2022-08-20"), stage: "sufficient", confirms: [8, 23], note: "หลังคาเสร็จ" as never })
          const s = yield* store
          const facts = Option.getOrThrow(yield* s.household(house1))
          const inTx = yield* s.transact((tx) => tx.facts(house1))
          expect(Option.getOrThrow(inTx)).toEqual(facts)
          expect(facts.household).toEqual({
            houseCode: house1,
            villageCode: "33010101",
            source: "survey",
            round: 2565,
            failed: [{ indicator: 8, dimension: "living" }, { indicator: 23, dimension: "income" }],
            verification: { outcome: "corrected", on: "2022-08-01", by: mentor.id, note: "รายได้แก้ไข" },
            analysis: { on: "2022-08-02", by: mentor.id },
            capitals: { human: 2, natural: 5 },
            agreement: { on: "2022-08-03", by: mentor.id }
          })
          expect(facts.problems.map((p) => [p.indicator, p.dimension, p.openedOn])).toEqual([[8, "living", "2022-08-02"], [23, "income", "2022-08-02"]])
          expect(facts.actions).toEqual([a1, { ...a2, status: "inProgress" }])
          expect(facts.entries[0]).toEqual(help)
          expect(facts.entries.map((e) => [e.id, e.value, e.giver])).toEqual([["L-1", 50_000, { agency: "labour", person: "นายแรงงาน" }], ["L-2", 250_000, { team: team.id }]])
          expect(facts.visits).toEqual([{ id: "V-1", houseCode: house1, on: "2022-08-20", stage: "sufficient", confirms: [8, 23], note: "หลังคาเสร็จ", by: mentor.id, recordedAt: new Date(t0).toISOString() }])
          const view = yield* J.household(province, house1)
          expect([view.step, view.stage, view.solved]).toEqual(["followedUp", "sufficient", true])
        })
      ))

    it("keeps problem closures, action statuses and capitals as changed last", () =>
      run(
        Effect.gen(function* () {
          yield* enrolled
          yield* J.verify(mentor, key("v2"), { houseCode: house2 as never, outcome: "confirmed", on: date("2022-08-01") })
          yield* J.analyse(mentor, key("a2"), { houseCode: house2 as never, on: date("2022-08-02") })
          const marked = yield* J.markProblem(mentor, key("m1"), { houseCode: house2 as never, indicator: 21, as: "cannotResolve", reason: "ไม่มีโรงเรียนใกล้" as never, on: date("2022-08-04") })
          const closed = yield* J.closeFromRoundAll(province, 2566, date("2023-06-01"), [stored(house2, "33010101", [])])
          yield* J.scoreCapitals(mentor, key("s1"), { houseCode: house2 as never, capitals: { social: 1 } })
          yield* J.scoreCapitals(mentor, key("s2"), { houseCode: house2 as never, capitals: { financial: 3 } })
          const a = yield* J.addPlanAction(mentor, key("p"), actionInput(house2, [1]))
          yield* J.setActionStatus(mentor, key("x"), { action: a.id, status: "cancelled" })
          const facts = Option.getOrThrow(yield* (yield* store).household(house2))
          expect(facts.problems).toEqual([
            { houseCode: house2, indicator: 1, dimension: "health", openedOn: "2022-08-02", closure: { _tag: "passedInRound", round: 2566, on: "2023-06-01", by: province.id } },
            marked
          ])
          expect(closed).toEqual({ closed: 1 })
          expect(facts.household.capitals).toEqual({ financial: 3 })
          expect(facts.actions.map((x) => x.status)).toEqual(["cancelled"])
          expect((yield* J.household(province, house2)).problems.map((p) => p.status)).toEqual(["resolved", "cannotResolve"])
        })
      ))

    it("appends reversals beside the original and refuses to reverse twice or reverse a reversal", () =>
      run(
        Effect.gen(function* () {
          yield* planned
          const help = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
          const reversal = yield* J.reverseHelp(officer, key("r1"), { entry: help.id, reason: "บันทึกผิดครัวเรือน" as never, on: date("2022-08-13") })
          const twice = yield* Effect.flip(J.reverseHelp(officer, key("r2"), { entry: help.id, reason: "again" as never, on: date("2022-08-13") }))
          const ofReversal = yield* Effect.flip(J.reverseHelp(officer, key("r3"), { entry: reversal.id, reason: "again" as never, on: date("2022-08-13") }))
          const s = yield* store
          const logbook = yield* s.logbook("3301")
          expect(logbook.map((e) => [e.id, e.value, e.reverses ?? null, e.reason ?? null])).toEqual([
            ["L-1", 50_000, null, null],
            ["L-2", -50_000, "L-1", "บันทึกผิดครัวเรือน"]
          ])
          expect(twice).toMatchObject({ _tag: "NotReversible", reason: "alreadyReversed" })
          expect(ofReversal).toMatchObject({ _tag: "NotReversible", reason: "isReversal" })
          expect(yield* s.logbook("3302")).toEqual([])
          expect(Option.getOrThrow(yield* s.transact((tx) => tx.logEntry(reversal.id)))).toEqual(reversal)
          expect((yield* J.household(province, house1)).step).toBe("planned")
        })
      ))

    it("refuses an impossible step and keeps nothing of it", async () => {
      const result = await exit(
        Effect.gen(function* () {
          yield* enrolled
          return yield* J.addPlanAction(mentor, key("p"), actionInput(house1, [8]))
        })
      )
      expect(Exit.isFailure(result) && result.cause._tag === "Fail" && result.cause.error).toMatchObject({ _tag: "StepRequired", houseCode: house1, required: "analysed", step: "none" })
    })

    it("keeps nothing of a transaction that fails, and a transaction reads its own writes", () =>
      run(
        Effect.gen(function* () {
          yield* enrolled
          const s = yield* store
          const before = yield* s.household(house1)
          const failed = yield* Effect.flip(
            s.transact((tx) =>
              Effect.gen(function* () {
                const h = Option.getOrThrow(yield* tx.facts(house1)).household
                yield* tx.putHousehold({ ...h, analysis: { on: date("2022-08-02"), by: "x" } })
                yield* tx.putProblem({ houseCode: house1, indicator: 8, dimension: "living", openedOn: date("2022-08-02") })
                yield* tx.append({ ...helpInput(house1), id: "L-99" as Logbook.EntryId, villageCode: "33010101" as never, recordedBy: "x", recordedAt: "t" })
                yield* tx.putDeadline({ district: "3301", due: date("2022-09-01"), setBy: "x", setAt: "t" })
                const seen = Option.getOrThrow(yield* tx.facts(house1))
                expect(seen.household.analysis).toEqual({ on: "2022-08-02", by: "x" })
                expect(seen.problems).toHaveLength(1)
                expect(seen.entries.map((e) => e.id)).toEqual(["L-99"])
                expect(yield* tx.next("entry")).toBe(1)
                return yield* Effect.fail("no" as const)
              })
            )
          )
          expect(failed).toBe("no")
          expect(yield* s.household(house1)).toEqual(before)
          expect(yield* s.logbook("")).toEqual([])
          expect(yield* s.deadlines()).toEqual([])
          expect(yield* s.transact((tx) => tx.next("entry"))).toBe(1)
        })
      ))

    it("refuses to append an entry id twice as a defect, keeping neither", async () => {
      const entry = { ...helpInput(house1), id: "L-7" as Logbook.EntryId, villageCode: "33010101" as never, recordedBy: "x", recordedAt: "t" }
      const result = await exit(
        Effect.gen(function* () {
          yield* enrolled
          const s = yield* store
          const twice = yield* Effect.exit(s.transact((tx) => Effect.zipRight(tx.append(entry), tx.append({ ...entry, value: baht(1) }))))
          return { twice, logbook: yield* s.logbook("") }
        })
      )
      const { twice, logbook } = Exit.getOrElse(result, () => expect.fail("the program failed"))
      expect(Exit.isFailure(twice) && twice.cause._tag).toBe("Die")
      expect(logbook).toEqual([])
    })

    it("replays a command under its key without writing, and refuses the key for other content", () =>
      run(
        Effect.gen(function* () {
          yield* planned
          const first = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
          const replay = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
          const reused = yield* Effect.flip(J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [23] })))
          const s = yield* store
          expect(replay).toEqual(first)
          expect(reused).toMatchObject({ _tag: "KeyReused", key: "h1", command: "recordHelp" })
          expect((yield* s.logbook("")).map((e) => e.id)).toEqual(["L-1"])
          const entries = yield* s.entries()
          expect(entries.map((e) => [e.key, e.command])).toEqual([
            ["v1", "verify"], ["s1", "scoreCapitals"], ["a1", "analyse"], ["p1", "addPlanAction"], ["p2", "addPlanAction"], ["g1", "agreePlan"], ["h1", "recordHelp"]
          ])
          expect(entries.at(-1)!.result).toEqual(Schema.encodeSync(Logbook.Entry)(first))
        })
      ))

    it("serialises concurrent commands: every entry numbered once", () =>
      run(
        Effect.gen(function* () {
          yield* planned
          yield* Effect.forEach(Array.from({ length: 12 }, (_, i) => i), (i) => J.recordHelp(officer, key(`c${i}`), helpInput(house1, { value: baht(i + 1) })), { concurrency: "unbounded" })
          const logbook = yield* (yield* store).logbook("")
          expect(logbook.map((e) => e.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `L-${i + 1}`).sort())
          expect(logbook.reduce((sum, e) => sum + e.value, 0)).toBe(baht(78))
        })
      ))

    it("stores teams with their members, users with their scope, mentor assignments and deadlines", () =>
      run(
        Effect.gen(function* () {
          yield* enrolled
          yield* J.putTeam(province, key("t1"), team)
          yield* J.putTeam(province, key("t2"), operation)
          const renamed = { ...team, name: "ทีมพี่เลี้ยง ก" as never, members: [team.members[1]!] }
          yield* J.putTeam(province, key("t3"), renamed)
          const user = Schema.decodeSync(Organisation.User)({ id: "u-2", name: "Somchai", role: "mentor", scope: ["330101", "330102"], team: team.id })
          yield* J.putUser(province, key("u1"), user)
          yield* J.putUser(province, key("u2"), Schema.decodeSync(Organisation.User)({ id: "u-1", name: "นางสาธารณสุข", role: "agencyOfficer", scope: ["33"], agency: "health" }))
          const assigned = yield* J.assignMentorTeam(province, key("m1"), { team: team.id, area: "330101" as never })
          const outside = yield* Effect.flip(J.assignMentorTeam(province, key("m2"), { team: team.id, houseCode: house3 as never }))
          yield* J.setDeadline(province, key("d1"), { district: "3302", due: date("2022-07-31") })
          yield* J.setDeadline(province, key("d2"), { district: "3301", due: date("2022-08-31") })
          yield* J.setDeadline(province, key("d3"), { district: "3301", due: date("2022-09-15") })
          const s = yield* store
          expect(yield* s.teams("")).toEqual([team.id, operation.id].sort().map((id) => (id === team.id ? renamed : operation)))
          expect(yield* s.teams("3301")).toEqual([renamed])
          expect(yield* s.teams("33010101")).toEqual([renamed])
          expect(yield* s.teams("3302")).toEqual([operation])
          expect(Option.getOrThrow(yield* s.transact((tx) => tx.team(team.id)))).toEqual(renamed)
          const users = yield* s.users()
          expect(users.map((u) => [u.id, u.role, u.scope, u.agency ?? null, u.team ?? null])).toEqual([
            ["u-1", "agencyOfficer", ["33"], "health", null],
            ["u-2", "mentor", ["330101", "330102"], null, team.id]
          ])
          // One user by id, as every API request reads it: the same user, or none.
          for (const u of users) expect(Option.getOrThrow(yield* s.user(u.id))).toEqual(u)
          expect(Option.isNone(yield* s.user("u-3"))).toBe(true)
          expect(assigned).toEqual({ team: team.id, houseCodes: [house1, house2] })
          expect(outside).toMatchObject({ _tag: "TeamOutsideArea", teamId: team.id })
          expect((yield* s.facts("")).map((f) => f.household.mentorTeam ?? null)).toEqual([team.id, team.id, null])
          expect((yield* s.deadlines()).map((d) => [d.district, d.due, d.setBy])).toEqual([["3301", "2022-09-15", province.id], ["3302", "2022-07-31", province.id]])
        })
      ))

    it("reports progress, overdue actions and households with no help from what it stores", () =>
      run(
        Effect.gen(function* () {
          const { a1 } = yield* planned
          yield* J.verify(mentor, key("v2"), { houseCode: house2 as never, outcome: "confirmed", on: date("2022-08-01") })
          const areas = yield* J.progress(province, "33")
          const district = areas.find((a) => a.code === "3301")!
          expect(areas[0]!.counts.households).toMatchObject({ targets: 3, verified: 2, analysed: 1, planned: 1, helped: 0, noHelp: 3 })
          expect(district.counts.households.targets + areas.find((a) => a.code === "3302")!.counts.households.targets).toBe(3)
          expect(district.counts.problems).toMatchObject({ total: 2, inProgress: 2 })
          const overdue = yield* J.overdue(province, "33")
          expect(overdue.map((o) => [o.houseCode, o.action.id, o.daysLate])).toEqual([[house1, a1.id, 5]])
          expect((yield* J.noHelp(province, "3301")).map((s) => s.houseCode)).toEqual([house1, house2])
        })
      ))

    it("inserts only households not yet in the journey, leaving the stored one alone, and reads them by area prefix in house-code order", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const a = household(house2, "33010101")
          const b = household(house1, "33010102")
          const c = household(house3, "33020101")
          expect(yield* s.transact((tx) => tx.ensure([a, b, c]))).toBe(3)
          expect(yield* s.transact((tx) => tx.ensure([{ ...a, round: 2566 }, household("33010100004", "33010101")]))).toBe(1)
          const codes = (area: string) => Effect.map(s.facts(area), (all) => all.map((f) => f.household.houseCode))
          expect(yield* codes("")).toEqual([house1, house2, "33010100004", house3])
          expect(yield* codes("3301")).toEqual([house1, house2, "33010100004"])
          expect(yield* codes("33010101")).toEqual([house2, "33010100004"])
          expect(yield* codes("34")).toEqual([])
          expect(Option.map(yield* s.household(house2), (f) => f.household.round)).toEqual(Option.some(2565))
          expect((yield* s.transact((tx) => tx.households("330101"))).map((h) => h.houseCode)).toEqual([house1, house2, "33010100004"])
        })
      ))

    it("gives back records written straight through a transaction, every optional field, the last version of each; actions and visits by number, the logbook as appended", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const h = full.houseCode
          const { member: _m, evidence: _e, note: _n, action: _a, ...kept } = entry(1, h, full.villageCode)
          const reversal = Schema.decodeUnknownSync(Logbook.Entry)({ ...kept, id: "L-2", value: -60_000, reverses: "L-1", reason: "ผิดคน" })
          const marked = problem(h, 23, { _tag: "cannotResolve", reason: "ไม่มีแรงงาน", on: date("2022-08-05"), by: "m1" })
          const { note: _vn, ...bare } = visit(2, h, { on: "2022-09-01", stage: "sustainable", confirms: [] })
          yield* J.seedAgencies(province)
          yield* s.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.putTeam(team)
              yield* tx.putTeam(operation)
              yield* tx.putHousehold({ ...full, mentorTeam: operation.id })
              yield* tx.putHousehold(full)
              yield* tx.putProblem(problem(h, 8))
              yield* tx.putProblem(problem(h, 23))
              yield* tx.putProblem(marked)
              yield* tx.putAction(action(1, h))
              yield* tx.putAction(action(2, h))
              yield* tx.putAction({ ...action(1, h), status: "done" })
              yield* tx.append(entry(1, h, full.villageCode))
              yield* tx.append(reversal)
              yield* tx.putVisit(visit(1, h))
              yield* tx.putVisit(bare)
            })
          )
          const facts = Option.getOrThrow(yield* s.household(h))
          expect(facts.household).toEqual(full)
          expect(facts.problems).toEqual([problem(h, 8), marked])
          expect(facts.actions).toEqual([{ ...action(1, h), status: "done" }, action(2, h)])
          expect(facts.entries).toEqual([entry(1, h, full.villageCode), reversal])
          expect(facts.visits).toEqual([visit(1, h), bare])
          expect(yield* s.facts("33")).toEqual([facts])
          const actions = yield* s.transact((tx) => Effect.all([tx.action(Plan.id(1)), tx.action(Plan.id(9))]))
          const entries = yield* s.transact((tx) => Effect.all([tx.logEntry(Logbook.id(2)), tx.logEntry(Logbook.id(9))]))
          expect(actions).toEqual([Option.some({ ...action(1, h), status: "done" }), Option.none()])
          expect(entries).toEqual([Option.some(reversal), Option.none()])
        })
      ))

    it("orders a household's problems by indicator number, whatever order they were written in", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.ensure([household(house1, "33010101")])
              for (const indicator of [23, 1, 8]) yield* tx.putProblem(problem(house1, indicator))
              yield* tx.putProblem(problem(house1, 1, { _tag: "selfResolved", reason: "ย้ายงานแล้ว", on: date("2022-08-05"), by: "m1" }))
            })
          )
          const facts = Option.getOrThrow(yield* s.household(house1))
          expect(facts.problems.map((p) => [p.indicator, p.closure?._tag ?? null])).toEqual([[1, "selfResolved"], [8, null], [23, null]])
          expect(Option.map(yield* s.transact((tx) => tx.facts(house1)), (f) => f.problems.map((p) => p.indicator))).toEqual(Option.some([1, 8, 23]))
        })
      ))

    it("keeps the logbook in the order appended (not by id), by area, and keeps the first of an id appended again", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* J.seedAgencies(province)
          yield* s.transact((tx) => Effect.zipRight(tx.putTeam(team), tx.ensure([household(house1, "33010101"), household(house3, "33020101")])))
          yield* s.transact((tx) => tx.append(entry(2, house3, "33020101")))
          yield* s.transact((tx) => tx.append(entry(1, house1, "33010101")))
          expect((yield* s.logbook("")).map((e) => e.id)).toEqual(["L-2", "L-1"])
          expect((yield* s.logbook("3301")).map((e) => e.id)).toEqual(["L-1"])
          const again = yield* Effect.exit(s.transact((tx) => tx.append(entry(1, house1, "33010101", { value: 1 }))))
          expect(Exit.isFailure(again) && again.cause._tag).toBe("Die")
          expect((yield* s.logbook("")).map((e) => [e.id, e.value])).toEqual([["L-2", 60_000], ["L-1", 60_000]])
        })
      ))

    it("keeps no idempotency record of a transaction that fails, though the transaction saw it", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const failed = yield* Effect.either(
            s.transact((tx) =>
              Effect.gen(function* () {
                yield* tx.ensure([household(house1, "33010101")])
                yield* tx.record({ key: key("k1"), command: "recordHelp", hash: "h", result: {}, at })
                expect(Option.isSome(yield* tx.entry(key("k1")))).toBe(true)
                return yield* Effect.fail("refused" as const)
              })
            )
          )
          expect(failed).toEqual(Either.left("refused"))
          expect(yield* s.entries()).toEqual([])
          expect(yield* s.transact((tx) => tx.entry(key("k1")))).toEqual(Option.none())
          expect(yield* s.facts("")).toEqual([])
        })
      ))

    it("numbers each sequence 1, 2, 3 on its own, never repeating one under concurrent transactions", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const numbers = yield* Effect.all(
            Array.from({ length: 12 }, (_, i) => s.transact((tx) => tx.next(i % 2 === 0 ? "entry" : "action"))),
            { concurrency: "unbounded" }
          )
          expect(numbers.filter((_, i) => i % 2 === 0).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6])
          expect(numbers.filter((_, i) => i % 2 === 1).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6])
          expect(yield* s.transact((tx) => tx.next("visit"))).toBe(1)
        })
      ))

    it("records idempotency entries in the order recorded, any JSON result, and finds them by key", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) => tx.record({ key: key("b"), command: "verify", hash: "1", result: { houseCode: "x" }, at }))
          yield* s.transact((tx) => tx.record({ key: key("a"), command: "analyse", hash: "2", result: [1, 2], at }))
          expect((yield* s.entries()).map((e) => [e.key, e.command, e.hash, e.result, e.at])).toEqual([["b", "verify", "1", { houseCode: "x" }, at], ["a", "analyse", "2", [1, 2], at]])
          expect(Option.map(yield* s.transact((tx) => tx.entry(key("a"))), (e) => e.hash)).toEqual(Option.some("2"))
          expect(yield* s.transact((tx) => tx.entry(key("c")))).toEqual(Option.none())
        })
      ))

    it("renames an agency by code, keeps a user's agency and team, finds the teams serving a village, replaces a district's deadline", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.putAgencies(Agency.seed)
              yield* tx.putAgencies([{ ...Agency.seed[0]!, nameEn: "Community Development Office" }])
              yield* tx.putTeam({ ...team, name: "old" as never })
              yield* tx.putTeam(team)
              yield* tx.putTeam(operation)
              yield* tx.putUser({ id: "u-1", name: "สมศรี", role: "mentor", scope: ["330101"], team: team.id, agency: "cdd" as never })
              yield* tx.putDeadline({ district: "3301", due: date("2022-09-15"), setBy: "pc", setAt: at })
              yield* tx.putDeadline({ district: "3301", due: date("2022-09-20"), setBy: "pc", setAt: at })
            })
          )
          const agencies = yield* s.agencies()
          expect(agencies).toHaveLength(Agency.seed.length)
          expect(agencies.find((a) => a.code === Agency.seed[0]!.code)).toEqual({ ...Agency.seed[0]!, nameEn: "Community Development Office" })
          expect(agencies.map((a) => a.code)).toEqual([...agencies.map((a) => a.code)].sort())
          expect(yield* s.teams("3301")).toEqual([team])
          expect((yield* s.teams("33010105")).map((t) => t.id)).toEqual([team.id])
          expect((yield* s.teams("33020105")).map((t) => t.id)).toEqual([operation.id])
          expect(yield* s.users()).toEqual([{ id: "u-1", name: "สมศรี", role: "mentor", scope: ["330101"], team: team.id, agency: "cdd" }])
          expect((yield* s.deadlines()).map((d) => [d.district, d.due])).toEqual([["3301", "2022-09-20"]])
        })
      ))

    it("runs the journey's commands to the same end: six steps, a reversal, a replay, progress", () =>
      run(
        Effect.gen(function* () {
          yield* J.seedAgencies(province)
          yield* J.enrol(province, 2565, [stored(house1, "33010101", [8]), stored(house2, "33010102", [8])])
          const h = house1 as never
          yield* J.verify(province, key("1"), { houseCode: h, outcome: "confirmed", on: date("2022-08-01") })
          yield* J.analyse(province, key("2"), { houseCode: h, on: date("2022-08-02") })
          const a = yield* J.addPlanAction(province, key("3"), actionInput(house1, [8], { due: date("2022-09-15") }))
          yield* J.agreePlan(province, key("4"), { houseCode: h, on: date("2022-08-04") })
          const help = helpInput(house1, { giver: { agency: "local-government" }, kind: "housingRepair", value: baht(3_000), action: a.id, budgetSource: "localGovernment" })
          const wrong = yield* J.recordHelp(officer, key("5"), { ...help, value: baht(300) })
          yield* J.reverseHelp(officer, key("6"), { entry: wrong.id, reason: "พิมพ์จำนวนผิด" as never, on: date("2022-08-12") })
          yield* J.recordHelp(officer, key("7"), help)
          yield* J.recordVisit(province, key("8"), { houseCode: h, on: date("2022-08-20"), stage: "sufficient", confirms: [8] })
          const replay = yield* J.recordHelp(officer, key("7"), help)
          const view = yield* J.household(province, house1)
          expect([view.step, view.solved]).toEqual(["followedUp", true])
          expect(view.facts.entries.map((e) => [e.id, e.value, e.reverses])).toEqual([["L-1", 30_000, undefined], ["L-2", -30_000, "L-1"], ["L-3", 300_000, undefined]])
          expect(replay.id).toBe("L-3")
          const [district] = yield* J.progress(province, "3301")
          expect(district?.counts.households).toMatchObject({ targets: 2, verified: 1, followedUp: 1, solved: 1, noHelp: 1 })
          expect((yield* J.overdue(province, "33")).map((o) => o.action.id)).toEqual([])
          expect((yield* (yield* store).entries()).map((e) => e.key)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"])
        })
      ))
  })
}
