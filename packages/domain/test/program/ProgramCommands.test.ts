import { Effect, Either, Layer, Schema, TestClock, TestContext } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AccessMemory,
  Actor,
  FundCommands,
  FundMemory,
  FundStore,
  JourneyMemory,
  Program,
  ProgramCommands,
  ProgramMemory,
  ProgramPreview,
  ProgramRule,
  ProgramStore,
  Registry,
  RegistryMemory,
  RoundEvaluation,
  RuleSet
} from "../../src/index.js"
import * as Arbitraries from "../arbitraries.js"
import { bornAged, citizenId, household, member, valid } from "../fixtures.js"
import { baht, key, m1, m2, mentor, receiptInput, requestInput, settings, treasurer, users } from "../fundFixtures.js"

const layer = Layer.mergeAll(
  ProgramMemory.layerMemory,
  JourneyMemory.layerMemory,
  FundMemory.layerMemory,
  RegistryMemory.layerMemory,
  AccessMemory.layerMemory,
  users,
  TestContext.TestContext
)
const run = <A, E>(program: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) =>
  Effect.runPromise(Effect.zipRight(TestClock.setTime(Date.UTC(2022, 5, 1)), program).pipe(Effect.provide(layer)))

const centre = Actor.system("centre")
const child = (age: number, serial: number) => member({ relation: "child", birthDate: bornAged(age), citizenId: citizenId(serial) })
const poor = (houseCode: string, villageCode: string, serial: number, ...children: Array<ReturnType<typeof member>>) =>
  household({ houseCode, villageCode, welfareCard: "verified", annualIncomeBaht: 10_000, members: [member({ relation: "head", citizenId: citizenId(serial) }), ...children] })

const round2564 = [
  poor("33010000001", "33010101", 1, child(7, 11), child(12, 12)),
  poor("33010000002", "33010102", 2),
  poor("33020000003", "33020101", 3, child(15, 13))
]

const scout: Program.Definition = Schema.decodeUnknownSync(Program.Definition)({
  nameTh: "ชุดลูกเสือ-เนตรนารี",
  nameEn: "Scout uniforms",
  purpose: "ชุดลูกเสือ-เนตรนารีสำหรับเด็กวัยเรียนในครัวเรือนเป้าหมายที่ตกเกณฑ์ด้านรายได้",
  unit: "member",
  where: 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions',
  round: 2564,
  ruleSetKey: "tpmap-2565",
  budget: { _tag: "fund", amount: 200_000 },
  need: [{ name: "uniformSize", type: "choice", choices: ["S", "M", "L", "XL"] }, { name: "scout", type: "boolean" }],
  distribution: { _tag: "once", on: "2022-05-16", place: "ที่ว่าการอำเภอเมืองศรีสะเกษ" }
})

const seed = (records: ReadonlyArray<unknown>, round = 2564) =>
  Effect.gen(function* () {
    yield* (yield* Registry.HouseholdRegistry).upsert(round, records.map(valid))
    yield* RoundEvaluation.run(centre, round, RuleSet.tpmap2565)
  })

const activeScout = Effect.gen(function* () {
  yield* seed(round2564)
  const p = yield* ProgramCommands.create(centre, "create-1" as never, scout)
  return yield* ProgramCommands.activate(centre, p.id)
})

const delivery = (houseCode: string, member: number, value = 45_000) => ({
  program: Program.id(1),
  houseCode: houseCode as never,
  member,
  on: "2022-05-16" as never,
  kind: "goods" as const,
  value: value as never,
  giver: { agency: "obec" as never },
  evidence: "ใบรับของ 12"
})

describe("ProgramCommands", () => {
  it("creates a draft, activates and closes it, and refuses a step out of order", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* ProgramCommands.create(centre, "create-2" as never, scout)
        const early = yield* Effect.flip(ProgramCommands.close(centre, p.id))
        const active = yield* ProgramCommands.activate(centre, p.id)
        const closed = yield* ProgramCommands.close(centre, p.id)
        const again = yield* Effect.flip(ProgramCommands.activate(centre, p.id))
        return { p, early, active, closed, again, list: yield* ProgramCommands.list(centre) }
      })
    )
    expect(out.p).toMatchObject({ id: "P-1", status: "draft", createdBy: "centre" })
    expect(out.early).toMatchObject({ _tag: "WrongStatus", status: "draft", action: "close" })
    expect([out.active.status, out.closed.status]).toEqual(["active", "closed"])
    expect(out.again).toMatchObject({ _tag: "WrongStatus", status: "closed" })
    expect(out.list.map((p) => p.status)).toEqual(["closed"])
  })

  it("creates once per key: a replay answers the same program as it stands, another definition under the key is refused", async () => {
    const out = await run(
      Effect.gen(function* () {
        const first = yield* ProgramCommands.create(centre, "k-create" as never, scout)
        yield* ProgramCommands.activate(centre, first.id)
        const replay = yield* ProgramCommands.create(centre, "k-create" as never, scout)
        const reused = yield* Effect.flip(ProgramCommands.create(centre, "k-create" as never, { ...scout, nameEn: "Another" }))
        const other = yield* ProgramCommands.create(centre, "k-other" as never, scout)
        return { first, replay, reused, other, list: yield* ProgramCommands.list(centre) }
      })
    )
    expect(out.replay).toMatchObject({ id: out.first.id, status: "active" })
    expect(out.reused).toMatchObject({ _tag: "KeyReused", key: "k-create" })
    expect(out.other.id).toBe("P-2")
    expect(out.list.map((p) => p.id)).toEqual(["P-1", "P-2"])
  })

  it("enrols once under a number: the same number again answers the stored enrolment (a job's task run twice)", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        const first = yield* ProgramCommands.enrol(centre, p.id, undefined, 1)
        const again = yield* ProgramCommands.enrol(centre, p.id, undefined, 1)
        const next = yield* ProgramCommands.enrol(centre, p.id, undefined, 2)
        return { first, again, next, enrolments: yield* Effect.flatMap(ProgramStore.ProgramStore, (s) => s.enrolments(p.id)) }
      })
    )
    expect(out.again).toEqual(out.first)
    expect(out.next).toMatchObject({ number: 2, added: 0, kept: out.first.added })
    expect(out.enrolments.map((e) => e.number)).toEqual([1, 2])
  })

  it("refuses a program whose rule does not compile, and a role that may not define one", async () => {
    const out = await run(
      Effect.gen(function* () {
        const bad = yield* Effect.flip(ProgramCommands.create(centre, "create-3" as never, { ...scout, where: "member.agee > 6" }))
        const mentorTries = yield* Effect.flip(ProgramCommands.create({ id: "m", role: "mentor", scope: ["3301"] }, "create-4" as never, scout))
        return { bad, mentorTries, list: yield* ProgramCommands.list(centre) }
      })
    )
    expect(out.bad).toMatchObject({ _tag: "RuleRefused", line: 1, column: 8 })
    expect(out.mentorTries._tag).toBe("NotPermitted")
    expect(out.list).toEqual([])
  })

  it("enrols the rule's selection frozen with what selected it, masked on read", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        const enrolment = yield* ProgramCommands.enrol(centre, p.id)
        return { enrolment, list: yield* ProgramCommands.beneficiaries(centre, p.id) }
      })
    )
    expect(out.enrolment).toMatchObject({ number: 1, round: 2564, added: 3, kept: 0, notReselected: 0, errors: 0 })
    expect(out.list.map((b) => [b.houseCode, b.member, b.flagged])).toEqual([
      ["33010000001", 2, false],
      ["33010000001", 3, false],
      ["33020000003", 2, false]
    ])
    expect(out.list[0]!.citizenId).toBe(`xxxxxxxxx${citizenId(11).slice(9)}`)
    expect(out.list[0]!.selectedBy).toEqual({ enrolment: 1, round: 2564, where: scout.where, ruleSetKey: "tpmap-2565" })
  })

  it("re-enrols from a new round adding and flagging, never dropping", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        yield* ProgramCommands.enrol(centre, p.id)
        // 2565: household 1 now has ample income; household 4 is new and poor.
        yield* seed(
          [
            { ...household({ houseCode: "33010000001", villageCode: "33010101", members: [member({ relation: "head", citizenId: citizenId(1) }), child(8, 11)] }), surveyYear: 2565, surveyedOn: "2022-06-15" },
            { ...poor("33020000003", "33020101", 3, child(15, 13)), surveyYear: 2565, surveyedOn: "2022-06-14" },
            { ...poor("33020000004", "33020101", 4, child(9, 14)), surveyYear: 2565, surveyedOn: "2022-06-15" }
          ],
          2565
        )
        const second = yield* ProgramCommands.enrol(centre, p.id, 2565)
        return { second, list: yield* ProgramCommands.beneficiaries(centre, p.id) }
      })
    )
    expect(out.second).toMatchObject({ number: 2, round: 2565, added: 1, kept: 1, notReselected: 2 })
    expect(out.list.map((b) => [b.houseCode, b.member, b.flagged, b.selectedBy.enrolment])).toEqual([
      ["33010000001", 2, true, 1],
      ["33010000001", 3, true, 1],
      ["33020000003", 2, false, 1],
      ["33020000004", 2, false, 2]
    ])
  })

  it("records need answers typed by the survey's fields, refusing unknown fields, wrong values and non-beneficiaries", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        yield* ProgramCommands.enrol(centre, p.id)
        const target = { program: p.id, houseCode: "33010000001", member: 2 }
        const ok = yield* ProgramCommands.recordNeed(centre, target, { uniformSize: "M", scout: "true" })
        const wrong = yield* Effect.flip(ProgramCommands.recordNeed(centre, target, { uniformSize: "XXL", scout: "true" }))
        const unknown = yield* Effect.flip(ProgramCommands.recordNeed(centre, target, { uniformSize: "M", scout: "true", shoes: "38" }))
        const missing = yield* Effect.flip(ProgramCommands.recordNeed(centre, target, { uniformSize: "M" }))
        const stranger = yield* Effect.flip(ProgramCommands.recordNeed(centre, { ...target, member: 1 }, { uniformSize: "M", scout: "true" }))
        return { ok, wrong, unknown, missing, stranger, needs: yield* ProgramCommands.needs(centre, p.id) }
      })
    )
    expect(out.ok.answers).toEqual({ uniformSize: "M", scout: true })
    expect(out.wrong).toMatchObject({ _tag: "InvalidNeed", field: "uniformSize", reason: "must be one of S, M, L, XL" })
    expect(out.unknown).toMatchObject({ _tag: "InvalidNeed", field: "shoes" })
    expect(out.missing).toMatchObject({ _tag: "InvalidNeed", field: "scout", reason: "is required" })
    expect(out.stranger).toMatchObject({ _tag: "NotBeneficiary", member: 1 })
    expect(out.needs).toHaveLength(1)
  })

  it("delivers as a logbook entry with the program as its source, once per key, and reports it by area", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        yield* ProgramCommands.enrol(centre, p.id)
        yield* ProgramCommands.recordNeed(centre, { program: p.id, houseCode: "33010000001", member: 2 }, { uniformSize: "S", scout: "true" })
        const first = yield* ProgramCommands.deliver(centre, key("d-1"), delivery("33010000001", 2))
        const replay = yield* ProgramCommands.deliver(centre, key("d-1"), delivery("33010000001", 2))
        const stranger = yield* Effect.flip(ProgramCommands.deliver(centre, key("d-2"), delivery("33010000002", 1)))
        // Outside the caller's areas: not found, enrolled or not, as a household that does not exist.
        const elsewhere = { id: "dc-3399", role: "districtCentre", scope: ["3399"] } as const
        const outside = yield* Effect.flip(ProgramCommands.deliver(elsewhere, key("d-3"), delivery("33010000001", 2)))
        const outsideStranger = yield* Effect.flip(ProgramCommands.deliver(elsewhere, key("d-4"), delivery("33010000002", 1)))
        const nowhere = yield* Effect.flip(ProgramCommands.deliver(elsewhere, key("d-5"), delivery("33019999999", 1)))
        const entries = yield* ProgramCommands.entries(centre, p.id)
        const report = yield* ProgramCommands.report(centre, p.id, "district", () => undefined)
        return { first, replay, stranger, outside, outsideStranger, nowhere, entries, report }
      })
    )
    expect(out.first.entry).toBe("program:P-1:1")
    expect([out.outside, out.outsideStranger, out.nowhere].map((e) => e._tag)).toEqual(["NotFound", "NotFound", "NotFound"])
    expect(out.replay).toEqual(out.first)
    expect(out.stranger._tag).toBe("NotBeneficiary")
    expect(out.entries).toHaveLength(1)
    expect(out.entries[0]).toMatchObject({ id: "program:P-1:1", houseCode: "33010000001", value: 45_000, budgetSource: "fund", kind: "goods" })
    expect(out.entries[0]!.member).toMatch(/^x{9}\d{4}$/)
    expect(out.report).toMatchObject({ households: 2, beneficiaries: 3, surveyed: 1, delivered: 1, spent: 45_000 })
    expect(out.report.areas.map((a) => [a.area, a.beneficiaries, a.delivered, a.spent])).toEqual([
      ["3301", 2, 1, 45_000],
      ["3302", 1, 0, 0]
    ])
  })

  it("appends the entry on a replay when a crash left the delivery stored without it", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        yield* ProgramCommands.enrol(centre, p.id)
        // As if the process stopped between the two writes of a delivery.
        yield* (yield* ProgramStore.ProgramStore).putDelivery({ program: p.id, key: "d-crash", houseCode: "33010000001" as never, member: 2, entry: Program.entryId(p.id, 7) })
        const before = yield* ProgramCommands.entries(centre, p.id)
        const replay = yield* ProgramCommands.deliver(centre, key("d-crash"), delivery("33010000001", 2))
        const again = yield* ProgramCommands.deliver(centre, key("d-crash"), delivery("33010000001", 2))
        return { before, replay, again, after: yield* ProgramCommands.entries(centre, p.id) }
      })
    )
    expect(out.before).toEqual([])
    expect(out.replay.entry).toBe("program:P-1:7")
    expect(out.again).toEqual(out.replay)
    expect(out.after.map((e) => [e.id, e.value])).toEqual([["program:P-1:7", 45_000]])
  })

  it("pays a fund-paid delivery as the fund's payment: one logbook entry, the fund's, and the request paid", async () => {
    const out = await run(
      Effect.gen(function* () {
        const p = yield* activeScout
        yield* ProgramCommands.enrol(centre, p.id)
        yield* Effect.flatMap(FundStore.FundStore, (store) => store.transact((tx) => tx.putSettings(settings)))
        yield* FundCommands.recordReceipt(treasurer, key("rc"), receiptInput(baht(5_000)))
        const request = yield* FundCommands.request(mentor, key("rq"), requestInput(baht(450)))
        yield* FundCommands.approve(m1, key("a1"), { request: request.id })
        yield* FundCommands.approve(m2, key("a2"), { request: request.id })
        const paid = yield* ProgramCommands.deliver(treasurer, key("pay-1"), {
          ...delivery("33010000001", 3, 45_000),
          fund: { request: request.id, transferReference: "KTB-TRF-9" }
        })
        const fundLog = yield* (yield* FundStore.FundStore).logbook()
        const requests = yield* (yield* FundStore.FundStore).requests()
        return { paid, fundLog, state: requests[0]!.state._tag, report: yield* ProgramCommands.report(centre, p.id, "province", () => undefined) }
      })
    )
    expect(out.paid).toMatchObject({ entry: "fund:R-1", fundRequest: "R-1", houseCode: "33010000001", member: 3 })
    expect(out.state).toBe("paid")
    expect(out.fundLog.map((e) => [e.id, e.value, e.kind])).toEqual([["fund:R-1", 45_000, "goods"]])
    expect(out.report).toMatchObject({ delivered: 1, spent: 45_000 })
  })

  it("has a delivery and its reversal net to zero, and refuses a second reversal (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), async (values, reversed) => {
        const out = await run(
          Effect.gen(function* () {
            const p = yield* activeScout
            yield* ProgramCommands.enrol(centre, p.id)
            let kept = 0
            for (const [i, value] of values.entries()) {
              const d = yield* ProgramCommands.deliver(centre, key(`d-${i}`), delivery("33020000003", 2, value))
              if (reversed[i]) {
                yield* ProgramCommands.reverseDelivery(centre, p.id, d.entry, { on: "2022-05-20" as never, reason: "ผิดขนาด" })
                const twice = yield* Effect.flip(ProgramCommands.reverseDelivery(centre, p.id, d.entry, { on: "2022-05-20" as never, reason: "ซ้ำ" }))
                expect(twice._tag).toBe("NotReversible")
              } else kept += value
            }
            return { kept, report: yield* ProgramCommands.report(centre, p.id, "province", () => undefined) }
          })
        )
        expect(out.report.spent).toBe(out.kept)
        expect(out.report.delivered).toBe(out.kept > 0 ? 1 : 0)
      }),
      { numRuns: 25 }
    )
  })

  it("enrols exactly what its stored rule selects when previewed again (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(Arbitraries.record, { minLength: 1, maxLength: 10, selector: (r) => r.houseCode }), async (records) => {
        const out = await run(
          Effect.gen(function* () {
            yield* seed(records)
            const p = yield* ProgramCommands.create(centre, "create-5" as never, { ...scout, where: "member.age >= 6 && member.age <= 15 && decision.surveyPoor" })
            yield* ProgramCommands.activate(centre, p.id)
            yield* ProgramCommands.enrol(centre, p.id)
            const list = yield* ProgramCommands.beneficiaries(centre, p.id)
            const stored = list[0]?.selectedBy
            const again = stored === undefined ? undefined : yield* ProgramPreview.preview(
              centre,
              Either.getOrThrow(ProgramRule.compile("member", stored.where)),
              { round: stored.round, ruleSetKey: stored.ruleSetKey, by: "village", list: 1_000 },
              () => undefined
            )
            return { list, again }
          })
        )
        const members = out.again === undefined ? 0 : out.again.members
        expect(out.list.length).toBe(members)
        if (out.again !== undefined) {
          expect(out.list.map((b) => b.houseCode)).toEqual(out.again.selected.flatMap((s) => s.members.map(() => s.houseCode)))
        }
      }),
      { numRuns: 25 }
    )
  })
})
