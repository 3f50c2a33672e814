import { Effect, Either, TestContext } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AccessMemory,
  Actor,
  type Audit,
  ProgramPreview,
  ProgramRule,
  Registry,
  RegistryMemory,
  RoundEvaluation,
  RuleSet
} from "../../src/index.js"
import * as Arbitraries from "../arbitraries.js"
import { bornAged, citizenId, household, member, valid } from "../fixtures.js"

type Ports = Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Audit.AuditLog
const run = <A, E>(program: Effect.Effect<A, E, Ports>) =>
  Effect.runPromise(program.pipe(Effect.provide(RegistryMemory.layerMemory), Effect.provide(AccessMemory.layerMemory), Effect.provide(TestContext.TestContext)))

const system = Actor.system()
const names = (code: string) => (code === "3301" ? { nameTh: "เมืองศรีสะเกษ", nameEn: "Mueang Si Sa Ket" } : undefined)
const rule = (unit: ProgramRule.Unit, where: string) => Either.getOrThrow(ProgramRule.compile(unit, where))
const scout = rule("member", 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions')

const child = (age: number) => member({ relation: "child", birthDate: bornAged(age) })
const poorWith = (houseCode: string, villageCode: string, serial: number, ...children: Array<ReturnType<typeof member>>) =>
  household({
    houseCode,
    villageCode,
    welfareCard: "verified",
    annualIncomeBaht: 10_000,
    members: [member({ relation: "head", citizenId: citizenId(serial) }), ...children]
  })

const round = [
  poorWith("33010000001", "33010101", 1, child(7), child(12), child(40)),
  poorWith("33010000002", "33010102", 2),
  poorWith("33020000003", "33020101", 3, child(15)),
  household({ houseCode: "33020000004", villageCode: "33020101", members: [member({ relation: "head", citizenId: citizenId(4) }), child(9)] })
]

const stored = (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    yield* (yield* Registry.HouseholdRegistry).upsert(2564, records.map(valid))
    yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
  })

const options = { round: 2564, ruleSetKey: "tpmap-2565", by: "district" as const, list: 10 }

describe("ProgramPreview.preview", () => {
  it("counts selected members and their households by district, with names and a masked list", async () => {
    const p = await run(Effect.zipRight(stored(round), ProgramPreview.preview(system, scout, options, names)))
    expect(ProgramPreview.contract(p)).toEqual({
      round: 2564,
      unit: "member",
      where: scout.where,
      households: 2,
      members: 3,
      errors: 0,
      areas: [
        { area: "3301", nameTh: "เมืองศรีสะเกษ", nameEn: "Mueang Si Sa Ket", households: 1, members: 2 },
        { area: "3302", nameTh: null, nameEn: null, households: 1, members: 1 }
      ]
    })
    expect(p.selected.map((s) => s.houseCode)).toEqual(["33010000001", "33020000003"])
    expect(p.selected[0]!.members).toHaveLength(2)
    for (const id of p.selected.flatMap((s) => s.members)) expect(id).toMatch(/^x{9}\d{4}$/)
  })

  it("counts the people living in selected households under a household rule", async () => {
    const p = await run(Effect.zipRight(stored(round), ProgramPreview.preview(system, rule("household", "decision.target"), { ...options, by: "village" }, names)))
    expect(p).toMatchObject({ households: 3, members: 7, errors: 0 })
    expect(p.areas.map((a) => [a.area, a.households, a.members])).toEqual([
      ["33010101", 1, 4],
      ["33010102", 1, 1],
      ["33020101", 1, 2]
    ])
  })

  it("counts evaluation errors and keeps their first messages", async () => {
    const p = await run(
      Effect.zipRight(stored([household({ members: [member({ relation: "head", caredFor: undefined })] })]), ProgramPreview.preview(system, rule("member", "member.caredFor"), options, names))
    )
    expect(p).toMatchObject({ households: 0, members: 0, errors: 1, messages: ["household 33010000001, member 1: No such key: caredFor"] })
  })

  it("refuses a round without decisions", async () => {
    const e = await run(
      Effect.zipRight((Effect.flatMap(Registry.HouseholdRegistry, (r) => r.upsert(2564, round.map(valid)))), Effect.flip(ProgramPreview.preview(system, scout, options, names)))
    )
    expect(e._tag).toBe("NotEvaluated")
  })

  it("stays inside the actor's areas", async () => {
    const district: Actor.Actor = { id: "d", role: "districtCentre", scope: ["3302"] }
    const p = await run(Effect.zipRight(stored(round), ProgramPreview.preview(district, scout, options, names)))
    expect(p.areas.map((a) => a.area)).toEqual(["3302"])
    expect(p.members).toBe(1)
  })

  it("has area counts that add up to the province's, at every level (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(Arbitraries.record, { minLength: 1, maxLength: 12, selector: (r) => r.houseCode }), fc.constantFrom("member", "household"), async (records, unit) => {
        const r = unit === "member" ? scout : rule("household", "decision.surveyPoor || household.size > 3")
        const results = await run(
          Effect.zipRight(
            stored(records.map((h, i) => ({ ...h, villageCode: `330${1 + (i % 3)}0${1 + (i % 2)}01` }))),
            Effect.all(["province", "district", "subdistrict", "village"].map((by) => ProgramPreview.preview(system, r, { ...options, by: by as "province" }, names)))
          )
        )
        const [province] = results
        for (const p of results) {
          expect(p.areas.reduce((n, a) => n + a.households, 0)).toBe(province!.households)
          expect(p.areas.reduce((n, a) => n + a.members, 0)).toBe(province!.members)
          expect(p.areas.every((a) => a.households > 0)).toBe(true)
          expect([...p.areas.map((a) => a.area)]).toEqual([...p.areas.map((a) => a.area)].sort())
        }
      }),
      { numRuns: 40 }
    )
  })
})
