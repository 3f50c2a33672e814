/**
 * The contract of the programs' port, run against the memory fake, SQLite and
 * PostgreSQL: what one stores, the others give back the same; and a program's whole
 * course (enrol, need, deliver, reverse, report) over the registry and journey beside it.
 */
import { Actor, Program, ProgramCommands, ProgramStore, Registry, RoundEvaluation, RuleSet, SurveyRecord } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { FundStore, JourneyStore } from "@phungpao/domain"
import { describe, expect, it } from "vitest"

type Ports = ProgramStore.ProgramStore | JourneyStore.JourneyStore | FundStore.FundStore | Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory

const centre = Actor.system("centre")

const definition: Program.Definition = Schema.decodeUnknownSync(Program.Definition)({
  nameTh: "ชุดลูกเสือ-เนตรนารี",
  nameEn: "Scout uniforms",
  purpose: "ชุดลูกเสือ-เนตรนารีสำหรับเด็กวัยเรียน",
  unit: "member",
  where: "member.age >= 6 && member.age <= 15 && decision.surveyPoor",
  round: 2564,
  ruleSetKey: "tpmap-2565",
  budget: { _tag: "agency", agency: "obec", amount: 100_000 },
  need: [{ name: "uniformSize", type: "choice", choices: ["S", "M", "L"] }],
  distribution: { _tag: "cycles", from: "2022-05-16", everyDays: 30, cycles: 2 }
})

const program = (n: number, status: Program.Status = "draft"): Program.Program => ({
  ...definition,
  id: Program.id(n),
  status,
  createdBy: "centre",
  createdAt: "2022-05-01T00:00:00.000Z"
})

const beneficiary = (houseCode: string, member: number | undefined, enrolment: number): Program.Beneficiary => ({
  program: Program.id(1),
  houseCode: houseCode as never,
  villageCode: "33010101" as never,
  ...(member === undefined ? {} : { member, citizenId: "1100000000017" }),
  persons: 3,
  selectedBy: { enrolment, round: 2564, where: definition.where, ruleSetKey: "tpmap-2565" },
  lastSelectedIn: enrolment
})

const enrolment = (number: number, added: number): Program.Enrolment => ({
  program: Program.id(1),
  number,
  round: 2564,
  where: definition.where,
  ruleSetKey: "tpmap-2565",
  added,
  kept: 0,
  notReselected: 0,
  errors: 0,
  by: "centre",
  at: "2022-05-02T00:00:00.000Z"
})

const record = (houseCode: string, serial: number, childAge: number): SurveyRecord.SurveyRecord => {
  const id = (n: number) => {
    const first12 = `1${String(n).padStart(11, "0")}`
    let sum = 0
    for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i)
    return `${first12}${(11 - (sum % 11)) % 10}`
  }
  const person = (n: number, relation: string, birthDate: string) => ({ citizenId: id(n), firstName: "สมชาย", lastName: "ใจดี", sex: "male", birthDate, relation, hasOccupationAndIncome: true, literate: true, exercises: true, compulsoryEducation: true })
  return Either.getOrThrow(
    SurveyRecord.decode({
      houseCode,
      villageCode: "33010101",
      surveyYear: 2564,
      surveyedOn: "2021-06-15",
      welfareCard: "verified",
      annualIncomeBaht: 20_000,
      hygienicFood: true,
      appropriateMedicineUse: true,
      secureTenure: true,
      durableHouse: true,
      drinkingWaterLitresPerPersonPerDay: 10,
      waterUseLitresPerPersonPerDay: 100,
      tidyHome: true,
      members: [person(serial, "head", "1980-01-01"), person(serial + 1, "child", `${2021 - childAge}-01-01`)]
    })
  )
}

export const describeProgramStore = (name: string, makeLayer: () => Layer.Layer<Ports>) => {
  const run = <A, E>(effect: Effect.Effect<A, E, Ports>) => Effect.runPromise(Effect.provide(Effect.orDie(effect), makeLayer()))

  describe(`the programs' store on ${name}`, () => {
    it("numbers sequences apart, stores a program and its new status, lists by number", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ProgramStore.ProgramStore
          expect([yield* store.next("program"), yield* store.next("program"), yield* store.next("delivery:P-1")]).toEqual([1, 2, 1])
          yield* store.put(program(10))
          yield* store.put(program(2))
          yield* store.put(program(2, "active"))
          expect(yield* store.get(Program.id(2))).toEqual(Option.some(program(2, "active")))
          expect(yield* store.get(Program.id(3))).toEqual(Option.none())
          expect((yield* store.list()).map((p) => [p.id, p.status])).toEqual([["P-2", "active"], ["P-10", "draft"]])
        })
      ))

    it("creates a program once per key, numbered after the others; a replay answers it as it stands, with the first hash", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ProgramStore.ProgramStore
          const build = (n: number) => program(n)
          const first = yield* store.create("k-a", "h-1", build)
          const second = yield* store.create("k-b", "h-2", build)
          yield* store.put({ ...first.program, status: "active" })
          const replay = yield* store.create("k-a", "h-other", build)
          expect([first.program.id, second.program.id]).toEqual(["P-1", "P-2"])
          expect(replay).toEqual({ program: program(1, "active"), hash: "h-1" })
          expect((yield* store.list()).map((p) => p.id)).toEqual(["P-1", "P-2"])
          expect(yield* store.next("program")).toBe(3)
        })
      ))

    it("stores an enrolment with its beneficiaries, and a later one moving the reselected", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ProgramStore.ProgramStore
          yield* store.put(program(1, "active"))
          yield* store.enrol(enrolment(1, 3), [beneficiary("33010000002", 2, 1), beneficiary("33010000001", 3, 1), beneficiary("33010000001", 2, 1)], [])
          yield* store.enrol(enrolment(2, 1), [beneficiary("33010000009", 2, 2)], [{ ...beneficiary("33010000002", 2, 1), lastSelectedIn: 2 }])
          expect((yield* store.enrolments(Program.id(1))).map((e) => e.number)).toEqual([1, 2])
          const list = yield* store.beneficiaries(Program.id(1))
          expect(list.map((b) => [b.houseCode, b.member, b.lastSelectedIn])).toEqual([
            ["33010000001", 2, 1],
            ["33010000001", 3, 1],
            ["33010000002", 2, 2],
            ["33010000009", 2, 2]
          ])
          expect(list[0]).toEqual(beneficiary("33010000001", 2, 1))
        })
      ))

    it("replaces a beneficiary's need answers, and keeps deliveries by key in the order stored", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ProgramStore.ProgramStore
          yield* store.put(program(1, "active"))
          const need = (size: string) => ({ program: Program.id(1), houseCode: "33010000001" as never, member: 2, answers: { uniformSize: size }, recordedBy: "m", recordedAt: "2022-05-03T00:00:00.000Z" })
          yield* store.putNeed(need("S"))
          yield* store.putNeed(need("M"))
          expect(yield* store.needs(Program.id(1))).toEqual([need("M")])
          const d = (k: string, entry: string, fundRequest?: string): Program.Delivery => ({
            program: Program.id(1),
            key: k,
            houseCode: "33010000001" as never,
            member: 2,
            entry: entry as never,
            ...(fundRequest === undefined ? {} : { fundRequest })
          })
          yield* store.putDelivery(d("k-2", "program:P-1:1"))
          yield* store.putDelivery(d("k-1", "fund:R-1", "R-1"))
          expect(yield* store.delivery(Program.id(1), "k-1")).toEqual(Option.some(d("k-1", "fund:R-1", "R-1")))
          expect(yield* store.delivery(Program.id(1), "k-3")).toEqual(Option.none())
          expect((yield* store.deliveries(Program.id(1))).map((x) => x.key)).toEqual(["k-2", "k-1"])
        })
      ))

    it("runs a program's course over the stored round: enrol, need, deliver, reverse, report", () =>
      run(
        Effect.gen(function* () {
          yield* (yield* Registry.HouseholdRegistry).upsert(2564, [record("33010000001", 100, 8), record("33010000002", 200, 30)])
          yield* RoundEvaluation.run(centre, 2564, RuleSet.tpmap2565)
          const p = yield* ProgramCommands.create(centre, "create-1" as never, definition)
          yield* ProgramCommands.activate(centre, p.id)
          const e = yield* ProgramCommands.enrol(centre, p.id)
          expect(e).toMatchObject({ added: 1, errors: 0 })
          yield* ProgramCommands.recordNeed(centre, { program: p.id, houseCode: "33010000001", member: 2 }, { uniformSize: "M" })
          const give = (k: string) =>
            ProgramCommands.deliver(centre, k as never, {
              program: p.id,
              houseCode: "33010000001" as never,
              member: 2,
              on: "2022-05-16" as never,
              kind: "goods",
              value: 45_000 as never,
              giver: { agency: "obec" as never }
            })
          const first = yield* give("k-1")
          const second = yield* give("k-2")
          expect(yield* give("k-1")).toEqual(first)
          yield* ProgramCommands.reverseDelivery(centre, p.id, second.entry, { on: "2022-05-17" as never, reason: "ส่งซ้ำ" })
          const report = yield* ProgramCommands.report(centre, p.id, "district", () => undefined)
          expect(report).toMatchObject({ beneficiaries: 1, surveyed: 1, delivered: 1, spent: 45_000 })
          const entries = yield* ProgramCommands.entries(centre, p.id)
          expect(entries.map((x) => [x.id, x.value, x.budgetSource])).toEqual([
            ["program:P-1:1", 45_000, "agencyFunction"],
            ["program:P-1:2", 45_000, "agencyFunction"],
            ["program:P-1:2:reversal", -45_000, "agencyFunction"]
          ])
        })
      ))
  })
}
