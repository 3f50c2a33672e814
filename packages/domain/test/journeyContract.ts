/**
 * The contract of the journey's store (`JourneyStore`): one suite, run against the
 * memory fake here and against every database engine in `@phungpao/db` (copy this file
 * to `packages/db/test/contract/journey.ts` with the import below switched to
 * `@phungpao/domain`), so an adapter passes exactly when it behaves as the fake does.
 * It imports nothing else from the domain's tests.
 */
import { Effect, Either, Exit, Layer, Option, Schema, TestClock, TestContext } from "effect"
import { describe, expect, it } from "vitest"
import { type Actor, Agency, type Idempotency, Journey, JourneyCommands, JourneyStore, Logbook, Organisation, Plan, type Problem } from "../src/index.js"

const key = (text: string) => text as Idempotency.Key
const t0 = Date.UTC(2022, 7, 10, 3)
const at = new Date(t0).toISOString()
const province: Actor.Actor = { id: "pc-33", role: "provincialCentre", scope: ["33"] }
const officer: Actor.Actor = { id: "officer-health", role: "agencyOfficer", scope: ["33"] }

const household = (houseCode: string, villageCode: string, extra: Record<string, unknown> = {}): Journey.Household =>
  Schema.decodeUnknownSync(Journey.Household)({ houseCode, villageCode, source: "survey", round: 2565, failed: [{ indicator: 8, dimension: "living" }, { indicator: 23, dimension: "income" }], ...extra })

/** A household with every optional field set, to check nothing is lost on the way. */
const full = household("33010100001", "33010101", {
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
  dimension: indicator === 8 ? "living" : "income",
  openedOn: "2022-08-02" as never,
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

const visit = (n: number, houseCode: string): Journey.Visit =>
  Schema.decodeUnknownSync(Journey.Visit)({ id: Journey.visitId(n), houseCode, on: "2022-08-20", stage: "sufficient", confirms: [8], note: "บ้านซ่อมแล้ว", by: "m1", recordedAt: at })

const team = Schema.decodeUnknownSync(Organisation.Team)({
  id: "mentor-330101",
  kind: "mentor",
  name: "ทีมพี่เลี้ยงตำบลเมืองเหนือ",
  area: "330101",
  members: [{ userId: "u-1", name: "สมศรี", agency: "cdd" }, { name: "สมชาย" }]
})

const store = JourneyStore.JourneyStore

export const describeJourneyStore = (name: string, makeLayer: () => Layer.Layer<JourneyStore.JourneyStore>) => {
  const run = <A, E>(program: Effect.Effect<A, E, JourneyStore.JourneyStore>): Promise<A> =>
    Effect.runPromise(Effect.zipRight(TestClock.setTime(t0), program).pipe(Effect.provide(makeLayer()), Effect.provide(TestContext.TestContext)))

  describe(`JourneyStore on ${name}`, () => {
    it("starts empty", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          for (const all of [s.facts(""), s.logbook(""), s.teams(""), s.users(), s.agencies(), s.deadlines(), s.entries()]) expect(yield* all).toEqual([])
          expect(yield* s.household("33010100001")).toEqual(Option.none())
        })
      ))

    it("inserts only households not yet in the journey and reads them by area prefix in house-code order", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const a = household("33010100002", "33010101")
          const b = household("33010100001", "33010102")
          const c = household("33020100003", "33020101")
          expect(yield* s.transact((tx) => tx.ensure([a, b, c]))).toBe(3)
          expect(yield* s.transact((tx) => tx.ensure([{ ...a, round: 2566 }, household("33010100004", "33010101")]))).toBe(1)
          const codes = (area: string) => Effect.map(s.facts(area), (all) => all.map((f) => f.household.houseCode))
          expect(yield* codes("")).toEqual(["33010100001", "33010100002", "33010100004", "33020100003"])
          expect(yield* codes("3301")).toEqual(["33010100001", "33010100002", "33010100004"])
          expect(yield* codes("33010101")).toEqual(["33010100002", "33010100004"])
          expect(yield* codes("34")).toEqual([])
          expect(Option.map(yield* s.household("33010100002"), (f) => f.household.round)).toEqual(Option.some(2565))
          expect((yield* s.transact((tx) => tx.households("330101"))).map((h) => h.houseCode)).toEqual(["33010100001", "33010100002", "33010100004"])
        })
      ))

    it("gives back a household's facts as stored, every optional field included, the last version of each record", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const h = full.houseCode
          const { member: _m, evidence: _e, note: _n, action: _a, ...kept } = entry(1, h, full.villageCode)
          const reversal = Schema.decodeUnknownSync(Logbook.Entry)({ ...kept, id: "L-2", value: -60_000, reverses: "L-1", reason: "ผิดคน" })
          const marked = problem(h, 23, { _tag: "cannotResolve", reason: "ไม่มีแรงงาน", on: "2022-08-05" as never, by: "m1" })
          yield* s.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.putHousehold({ ...full, mentorTeam: "other" as never })
              yield* tx.putHousehold(full)
              yield* tx.putProblem(problem(h, 23))
              yield* tx.putProblem(problem(h, 8))
              yield* tx.putProblem(marked)
              yield* tx.putAction(action(1, h))
              yield* tx.putAction(action(2, h))
              yield* tx.putAction({ ...action(1, h), status: "done" })
              yield* tx.append(entry(1, h, full.villageCode))
              yield* tx.append(reversal)
              yield* tx.putVisit(visit(1, h))
            })
          )
          const facts = Option.getOrThrow(yield* s.household(h))
          expect(facts.household).toEqual(full)
          expect(facts.problems).toEqual([problem(h, 8), marked])
          expect(facts.actions).toEqual([{ ...action(1, h), status: "done" }, action(2, h)])
          expect(facts.entries).toEqual([entry(1, h, full.villageCode), reversal])
          expect(facts.visits).toEqual([visit(1, h)])
          expect(yield* s.facts("33")).toEqual([facts])
          const actions = yield* s.transact((tx) => Effect.all([tx.action(Plan.id(1)), tx.action(Plan.id(9))]))
          const entries = yield* s.transact((tx) => Effect.all([tx.logEntry(Logbook.id(2)), tx.logEntry(Logbook.id(9))]))
          expect(actions).toEqual([Option.some({ ...action(1, h), status: "done" }), Option.none()])
          expect(entries).toEqual([Option.some(reversal), Option.none()])
        })
      ))

    it("keeps the logbook in the order appended, by area, and treats a repeated id as a defect", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) => tx.ensure([household("33010100001", "33010101"), household("33020100003", "33020101")]))
          yield* s.transact((tx) => tx.append(entry(2, "33020100003", "33020101")))
          yield* s.transact((tx) => tx.append(entry(1, "33010100001", "33010101")))
          expect((yield* s.logbook("")).map((e) => e.id)).toEqual(["L-2", "L-1"])
          expect((yield* s.logbook("3301")).map((e) => e.id)).toEqual(["L-1"])
          const again = yield* Effect.exit(s.transact((tx) => tx.append(entry(1, "33010100001", "33010101", { value: 1 }))))
          expect(Exit.isFailure(again) && !Exit.isInterrupted(again)).toBe(true)
          expect((yield* s.logbook("")).map((e) => [e.id, e.value])).toEqual([["L-2", 60_000], ["L-1", 60_000]])
        })
      ))

    it("lets a transaction read its own writes, and keeps nothing of one that fails", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          const failed = yield* Effect.either(
            s.transact((tx) =>
              Effect.gen(function* () {
                yield* tx.ensure([household("33010100001", "33010101")])
                yield* tx.putProblem(problem("33010100001", 8))
                yield* tx.append(entry(1, "33010100001", "33010101"))
                yield* tx.record({ key: key("k1"), command: "recordHelp", hash: "h", result: {}, at })
                yield* tx.putDeadline({ district: "3301", due: "2022-09-15" as never, setBy: "pc", setAt: at })
                const seen = yield* tx.facts("33010100001")
                expect(Option.map(seen, (f) => [f.problems.length, f.entries.length])).toEqual(Option.some([1, 1]))
                expect(Option.isSome(yield* tx.entry(key("k1")))).toBe(true)
                return yield* Effect.fail("refused" as const)
              })
            )
          )
          expect(failed).toEqual(Either.left("refused"))
          for (const all of [s.facts(""), s.logbook(""), s.deadlines(), s.entries()]) expect(yield* all).toEqual([])
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
          expect(new Set(numbers.filter((_, i) => i % 2 === 0)).size).toBe(6)
          expect(new Set(numbers.filter((_, i) => i % 2 === 1)).size).toBe(6)
          expect(yield* s.transact((tx) => tx.next("visit"))).toBe(1)
        })
      ))

    it("records idempotency entries in order and finds them by key", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) => tx.record({ key: key("b"), command: "verify", hash: "1", result: { houseCode: "x" }, at }))
          yield* s.transact((tx) => tx.record({ key: key("a"), command: "analyse", hash: "2", result: [1, 2], at }))
          expect((yield* s.entries()).map((e) => [e.key, e.command, e.result])).toEqual([["b", "verify", { houseCode: "x" }], ["a", "analyse", [1, 2]]])
          expect(Option.map(yield* s.transact((tx) => tx.entry(key("a"))), (e) => e.hash)).toEqual(Option.some("2"))
        })
      ))

    it("keeps teams, users, agencies and deadlines, replacing by id, code or district", () =>
      run(
        Effect.gen(function* () {
          const s = yield* store
          yield* s.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.putAgencies(Agency.seed)
              yield* tx.putAgencies([{ ...Agency.seed[0]!, nameEn: "Community Development Office" }])
              yield* tx.putTeam({ ...team, name: "old" })
              yield* tx.putTeam(team)
              yield* tx.putTeam({ ...team, id: "sub-330201" as never, kind: "subdistrictOperation", area: "330201" as never, members: [] })
              yield* tx.putUser({ id: "u-1", name: "สมศรี", role: "mentor", scope: ["330101"], team: team.id, agency: "cdd" as never })
              yield* tx.putDeadline({ district: "3301", due: "2022-09-15" as never, setBy: "pc", setAt: at })
              yield* tx.putDeadline({ district: "3301", due: "2022-09-20" as never, setBy: "pc", setAt: at })
            })
          )
          const agencies = yield* s.agencies()
          expect(agencies).toHaveLength(Agency.seed.length)
          expect(agencies.find((a) => a.code === Agency.seed[0]!.code)?.nameEn).toBe("Community Development Office")
          expect(agencies.map((a) => a.code)).toEqual([...agencies.map((a) => a.code)].sort())
          expect(yield* s.teams("3301")).toEqual([team])
          expect((yield* s.teams("")).map((t) => t.id)).toEqual(["mentor-330101", "sub-330201"])
          expect((yield* s.teams("33010105")).map((t) => t.id)).toEqual(["mentor-330101"])
          expect(Option.getOrThrow(yield* s.transact((tx) => tx.team("mentor-330101")))).toEqual(team)
          expect(yield* s.users()).toEqual([{ id: "u-1", name: "สมศรี", role: "mentor", scope: ["330101"], team: "mentor-330101", agency: "cdd" }])
          expect((yield* s.deadlines()).map((d) => d.due)).toEqual(["2022-09-20"])
        })
      ))

    it("runs the journey's commands to the same end as the fake: six steps, a reversal, progress", () =>
      run(
        Effect.gen(function* () {
          const J = JourneyCommands
          const decision = (houseCode: string) => ({
            houseCode,
            surveyYear: 2565,
            ruleSet: "tpmap-2565",
            indicators: [
              { indicator: 8, dimension: "living" as const, status: "fail" as const, members: [] },
              { indicator: 23, dimension: "income" as const, status: "pass" as const, members: [] }
            ],
            failedDimensions: ["living" as const],
            deprivationScore: 0.2,
            surveyPoor: true,
            target: true,
            reasons: []
          })
          const stored = (houseCode: string, villageCode: string) => ({
            decision: decision(houseCode),
            villageCode,
            persons: 2,
            evaluation: { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: at }
          })
          yield* J.seedAgencies(province)
          yield* J.enrol(province, 2565, [stored("33010100001", "33010101"), stored("33010100002", "33010102")])
          const h = "33010100001" as never
          yield* J.verify(province, key("1"), { houseCode: h, outcome: "confirmed", on: "2022-08-01" as never })
          yield* J.analyse(province, key("2"), { houseCode: h, on: "2022-08-02" as never })
          const a = yield* J.addPlanAction(province, key("3"), Schema.decodeUnknownSync(Plan.ActionInput)({ houseCode: h, part: "resources", description: "ซ่อมหลังคา", problems: [8], responsible: { _tag: "agency", code: "local-government" }, budgetSource: "localGovernment", plannedCost: 300_000, due: "2022-09-15" }))
          yield* J.agreePlan(province, key("4"), { houseCode: h, on: "2022-08-04" as never })
          const help = { houseCode: h, on: "2022-08-12" as never, giver: { agency: "local-government" as never }, kind: "housingRepair" as const, value: 300_000 as never, problems: [], action: a.id, budgetSource: "localGovernment" as const }
          const wrong = yield* J.recordHelp(officer, key("5"), { ...help, value: 30_000 as never })
          yield* J.reverseHelp(officer, key("6"), { entry: wrong.id, reason: "พิมพ์จำนวนผิด", on: "2022-08-12" as never })
          yield* J.recordHelp(officer, key("7"), help)
          yield* J.recordVisit(province, key("8"), { houseCode: h, on: "2022-08-20" as never, stage: "sufficient", confirms: [8] })
          const replay = yield* J.recordHelp(officer, key("7"), help)
          const view = yield* J.household(province, h)
          expect(view.step).toBe("followedUp")
          expect(view.solved).toBe(true)
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
