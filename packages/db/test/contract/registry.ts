/**
 * The contract of the registry's ports (`HouseholdRegistry`, `DecisionStore`,
 * `AreaDirectory`): one suite, run against the domain's memory fake and every database
 * engine, so that an adapter passes exactly when it behaves as the fake does.
 */
import { Actor, AreaFigures, Registry, RegistryMemory, RoundEvaluation, RuleSet, type SurveyRecord } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { byHouseCode, inVillage, record, synthetic, unusual } from "../fixtures.js"

export type Ports = Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory

const round = 2564
const base = RuleSet.tpmap2565
/** A what-if under which many more households fail indicator 22, with reasons. */
const whatIf = RuleSet.withParameters(base, { minAnnualIncomePerPersonBaht: 120_000 })

/** Every household of a round, a page of `limit` at a time. */
const allPages = (r: number, limit: number, areas?: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const registry = yield* Registry.HouseholdRegistry
    const out: Array<SurveyRecord.SurveyRecord> = []
    let after: string | undefined
    for (;;) {
      const page = yield* registry.page(r, { limit, ...(after === undefined ? {} : { after }), ...(areas === undefined ? {} : { areas }) })
      expect(page.length).toBeLessThanOrEqual(limit)
      if (page.length === 0) return out
      out.push(...page)
      after = page.at(-1)!.houseCode
    }
  })

const codes = (records: ReadonlyArray<{ readonly houseCode: string }>) => records.map((r) => r.houseCode)

const evaluation = (ruleSet: RuleSet.RuleSet, evaluatedAt: string): Registry.Evaluation => ({
  ruleSetId: ruleSet.id,
  ruleSetKey: ruleSet.key,
  parameters: ruleSet.parameters,
  evaluatedAt
})

const stored = (ruleSet: RuleSet.RuleSet, at: Registry.Evaluation, records: ReadonlyArray<SurveyRecord.SurveyRecord>) =>
  records.map((r): Registry.StoredDecision => ({
    decision: RuleSet.evaluate(ruleSet, r),
    villageCode: r.villageCode,
    persons: r.members.length,
    evaluation: at
  }))

export const describeRegistry = (name: string, makeLayer: () => Layer.Layer<Ports>) => {
  const run = <A, E>(program: Effect.Effect<A, E, Ports>): Promise<A> => Effect.runPromise(Effect.provide(Effect.orDie(program), makeLayer()))

  describe(`HouseholdRegistry on ${name}`, () => {
    it("inserts new households, leaves identical ones alone and replaces changed ones", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = synthetic(6)
          expect(yield* registry.upsert(round, records)).toEqual({ inserted: 6, updated: 0, unchanged: 0 })
          expect(yield* registry.upsert(round, records)).toEqual({ inserted: 0, updated: 0, unchanged: 6 })
          const changed = [
            ...records.slice(0, 4),
            record({ ...records[4]!, welfareCard: records[4]!.welfareCard === "verified" ? "none" : "verified" }),
            record({ ...records[5]!, members: records[5]!.members.map((m) => ({ ...m, literate: false })) }),
            ...synthetic(1, { offset: 6 })
          ]
          expect(yield* registry.upsert(round, changed)).toEqual({ inserted: 1, updated: 2, unchanged: 4 })
          expect(yield* registry.upsert(round, changed)).toEqual({ inserted: 0, updated: 0, unchanged: 7 })
          expect(yield* allPages(round, 100)).toEqual([...changed].sort(byHouseCode))
        })
      ))

    it("sees a record with its fields in another order as unchanged", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = [...synthetic(3), ...unusual]
          yield* registry.upsert(round, records)
          const reordered = records.map((r) =>
            record(Object.fromEntries(Object.entries({ ...r, members: r.members.map((m) => Object.fromEntries(Object.entries(m).reverse())) }).reverse()))
          )
          expect(yield* registry.upsert(round, reordered)).toEqual({ inserted: 0, updated: 0, unchanged: records.length })
        })
      ))

    it("gives every record back exactly as stored: answers absent or present, extra fields, numbers and booleans", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = [...unusual, ...synthetic(20, { seed: 3 })]
          yield* registry.upsert(round, records)
          for (const r of records) {
            const got = Option.getOrThrow(yield* registry.get(round, r.houseCode))
            expect(got).toEqual(r)
            // Stricter than toEqual: same keys, same JSON types (4.5 not "4.5", false not 0).
            expect(RegistryMemory.canonicalJson(got)).toBe(RegistryMemory.canonicalJson(r))
          }
          const paged = yield* allPages(round, 7)
          expect(paged.map(RegistryMemory.canonicalJson)).toEqual([...records].sort(byHouseCode).map(RegistryMemory.canonicalJson))
          const odd = Option.getOrThrow(yield* registry.get(round, unusual[0]!.houseCode))
          // A missing answer has no value (an adapter may keep the key, undefined, as the
          // survey schema's decoder does for a null answer) and no JSON.
          expect(odd.annualIncomeBaht).toBeUndefined()
          expect(odd.houseNumber).toBeUndefined()
          expect(odd.members[0]!.title).toBeUndefined()
          expect(JSON.parse(JSON.stringify(odd))).not.toHaveProperty("annualIncomeBaht")
          expect(odd).toMatchObject({ location: { lat: 15.1186, lon: 104.322, accuracyMetres: 8 }, visits: [1, 2] })
          expect(odd.members[0]).toMatchObject({ phone: "0812345678", disabilityCard: null })
          const zero = Option.getOrThrow(yield* registry.get(round, unusual[1]!.houseCode))
          expect(zero).toMatchObject({ annualIncomeBaht: 0, hygienicFood: false, drinkingWaterLitresPerPersonPerDay: 4.5 })
        })
      ))

    it("replaces a changed household's members, dropping those who left", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const big = synthetic(60).find((r) => r.members.length >= 4)!
          yield* registry.upsert(round, [big])
          const head = big.members.find((m) => m.relation === "head")!
          const smaller = record({ ...big, members: [{ ...head, hasOccupationAndIncome: false }] })
          expect(yield* registry.upsert(round, [smaller])).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
          expect(Option.getOrThrow(yield* registry.get(round, big.houseCode))).toEqual(smaller)
          expect(yield* registry.rounds()).toEqual([{ round, households: 1, persons: 1 }])
        })
      ))

    it("counts a house given twice in one batch twice and keeps its last version", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const [first] = synthetic(1)
          const second = record({ ...first!, welfareCard: first!.welfareCard === "none" ? "registered" : "none" })
          expect(yield* registry.upsert(round, [first!, second])).toEqual({ inserted: 1, updated: 1, unchanged: 0 })
          expect(Option.getOrThrow(yield* registry.get(round, first!.houseCode))).toEqual(second)
          expect(yield* registry.upsert(round, [second, second])).toEqual({ inserted: 0, updated: 0, unchanged: 2 })
        })
      ))

    it("stores a batch larger than one database statement holds", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = synthetic(3000, { seed: 11 })
          expect(yield* registry.upsert(round, records)).toEqual({ inserted: 3000, updated: 0, unchanged: 0 })
          const persons = records.reduce((n, r) => n + r.members.length, 0)
          expect(yield* registry.rounds()).toEqual([{ round, households: 3000, persons }])
          const paged = yield* allPages(round, 1000)
          expect(paged).toEqual([...records].sort(byHouseCode))
          expect(yield* registry.upsert(round, records)).toEqual({ inserted: 0, updated: 0, unchanged: 3000 })
        })
      ))

    it("pages households in house-code order, after a given code and up to a limit", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = synthetic(23, { seed: 5 })
          const sorted = [...records].sort(byHouseCode)
          yield* registry.upsert(round, [...records].reverse())
          expect(codes(yield* allPages(round, 4))).toEqual(codes(sorted))
          expect(codes(yield* registry.page(round, { limit: 5 }))).toEqual(codes(sorted.slice(0, 5)))
          expect(codes(yield* registry.page(round, { after: sorted[9]!.houseCode, limit: 3 }))).toEqual(codes(sorted.slice(10, 13)))
          // `after` need not be a stored house code.
          expect(codes(yield* registry.page(round, { after: `${sorted[9]!.houseCode}5`, limit: 100 }))).toEqual(codes(sorted.slice(10)))
          expect(yield* registry.page(round, { after: sorted.at(-1)!.houseCode, limit: 10 })).toEqual([])
        })
      ))

    it("pages through a given house code only, and cuts a round into parts of about as many households", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const records = synthetic(23, { seed: 6 })
          const sorted = codes([...records].sort(byHouseCode))
          yield* registry.upsert(round, records)
          yield* registry.upsert(round + 1, synthetic(40, { seed: 7, surveyYear: round + 1 }))
          expect(codes(yield* registry.page(round, { through: sorted[4]!, limit: 100 }))).toEqual(sorted.slice(0, 5))
          expect(codes(yield* registry.page(round, { after: sorted[4]!, through: sorted[9]!, limit: 3 }))).toEqual(sorted.slice(5, 8))
          expect(codes(yield* registry.page(round, { after: sorted[4]!, through: `${sorted[9]!}5`, limit: 100 }))).toEqual(sorted.slice(5, 10))
          expect(yield* registry.page(round, { after: sorted[9]!, through: sorted[9]!, limit: 100 })).toEqual([])
          // Ranges of 7, 8 and 8 households, each cut at its last code.
          expect(yield* registry.boundaries(round, 3)).toEqual([sorted[6], sorted[14]])
          expect(yield* registry.boundaries(round, 1)).toEqual([])
          expect(yield* registry.boundaries(round, 30)).toHaveLength(22)
          expect(yield* registry.boundaries(round, 4, 10)).toEqual([sorted[10]])
          expect(yield* registry.boundaries(round + 2, 4)).toEqual([])
        })
      ))

    it("evaluates a round in parts, with one time, as it does in one go", () =>
      run(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          yield* (yield* Registry.HouseholdRegistry).upsert(round, synthetic(31, { seed: 8 }))
          const whole = yield* RoundEvaluation.run(Actor.system("test"), round, base, { pageSize: 4 })
          const before = yield* store.page(round, base.key, { limit: 1000 })
          const parts = yield* RoundEvaluation.parts(round, 3)
          expect(parts).toHaveLength(3)
          const evaluatedAt = "2026-11-29T05:00:00.000Z"
          const done = []
          for (const part of parts) done.push(yield* RoundEvaluation.run(Actor.system("test"), round, base, { ...part, evaluatedAt, pageSize: 4 }))
          expect(done.map((d) => d.households)).toEqual([10, 10, 11])
          expect(done.map((d) => d.tally).reduce(AreaFigures.combine)).toEqual(whole.tally)
          const after = yield* store.page(round, base.key, { limit: 1000 })
          expect(after.map((s) => s.decision)).toEqual(before.map((s) => s.decision))
          expect(new Set(after.map((s) => s.evaluation.evaluatedAt))).toEqual(new Set([evaluatedAt]))
        })
      ))

    it("filters pages by area: any of several prefixes, everything for \"\", nothing for no area", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const villages = ["33010101", "33010102", "33020101", "34010101"]
          const records = synthetic(16, { seed: 9 }).map((r, i) => inVillage(r, villages[i % 4]!))
          const sorted = [...records].sort(byHouseCode)
          yield* registry.upsert(round, records)
          const inArea = (...areas: ReadonlyArray<string>) => codes(sorted.filter((r) => areas.some((a) => r.villageCode.startsWith(a))))
          expect(codes(yield* allPages(round, 3, ["3301"]))).toEqual(inArea("3301"))
          expect(codes(yield* allPages(round, 3, ["33010102", "34"]))).toEqual(inArea("33010102", "34"))
          expect(codes(yield* allPages(round, 5, [""]))).toEqual(codes(sorted))
          expect(yield* registry.page(round, { limit: 10, areas: [] })).toEqual([])
          expect(yield* registry.page(round, { limit: 10, areas: ["35"] })).toEqual([])
          const first = inArea("3302")[0]!
          expect(codes(yield* registry.page(round, { limit: 2, after: first, areas: ["3302"] }))).toEqual(inArea("3302").slice(1, 3))
        })
      ))

    it("finds nothing for a house or a round it does not hold", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const [one] = synthetic(1)
          yield* registry.upsert(round, [one!])
          expect(yield* registry.get(round, "99999999999")).toEqual(Option.none())
          expect(yield* registry.get(round + 1, one!.houseCode)).toEqual(Option.none())
          expect(yield* registry.page(round + 1, { limit: 10 })).toEqual([])
          expect(yield* registry.upsert(round, [])).toEqual({ inserted: 0, updated: 0, unchanged: 0 })
        })
      ))

    it("gives the rounds holding a house code, in order, and none for a house in no round", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const [a, b] = synthetic(2, { seed: 13 })
          expect(yield* registry.roundsOf(a!.houseCode)).toEqual([])
          yield* registry.upsert(2566, [record({ ...a!, surveyYear: 2566, surveyedOn: "2023-06-01" })])
          yield* registry.upsert(round, [a!, b!])
          yield* registry.upsert(2565, [record({ ...b!, surveyYear: 2565 })])
          expect(yield* registry.roundsOf(a!.houseCode)).toEqual([round, 2566])
          expect(yield* registry.roundsOf(b!.houseCode)).toEqual([round, 2565])
          expect(yield* registry.roundsOf("33019999999")).toEqual([])
        })
      ))

    it("finds the stored holders of citizen IDs in a round, and lists the IDs more than one household holds", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          const [a, b, c] = synthetic(3, { seed: 11 })
          const shared = a!.members[0]!.citizenId
          // Stored as it came (not through the import, which would refuse it): b's last member is a's first.
          const b2 = record({ ...b!, members: [...b!.members, { ...a!.members[0]!, relation: "relative" }] })
          yield* registry.upsert(round, [a!, b2, c!])
          yield* registry.upsert(round + 1, [a!])
          const held = yield* registry.holders(round, [shared, c!.members[0]!.citizenId, "1101700230708"])
          expect([...held].sort((x, y) => (x.houseCode < y.houseCode ? -1 : 1))).toEqual(
            [
              { citizenId: shared, houseCode: a!.houseCode, member: 0 },
              { citizenId: shared, houseCode: b2.houseCode, member: b2.members.length - 1 },
              { citizenId: c!.members[0]!.citizenId, houseCode: c!.houseCode, member: 0 }
            ].sort((x, y) => (x.houseCode < y.houseCode ? -1 : 1))
          )
          expect(yield* registry.holders(round, [])).toEqual([])
          expect(yield* registry.holders(round + 2, [shared])).toEqual([])
          expect(yield* registry.conflicts(round)).toEqual([
            {
              citizenId: shared,
              holders: [
                { houseCode: a!.houseCode, member: 0 },
                { houseCode: b2.houseCode, member: b2.members.length - 1 }
              ].sort((x, y) => (x.houseCode < y.houseCode ? -1 : 1))
            }
          ])
          expect(yield* registry.conflicts(round + 1)).toEqual([])
        })
      ))

    it("keeps survey rounds apart and summarises each", () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          expect(yield* registry.rounds()).toEqual([])
          const older = synthetic(5, { surveyYear: 2563 })
          const newer = synthetic(8, { surveyYear: 2564 })
          yield* registry.upsert(2564, newer)
          yield* registry.upsert(2563, older)
          const persons = (rs: ReadonlyArray<SurveyRecord.SurveyRecord>) => rs.reduce((n, r) => n + r.members.length, 0)
          expect(yield* registry.rounds()).toEqual([
            { round: 2563, households: 5, persons: persons(older) },
            { round: 2564, households: 8, persons: persons(newer) }
          ])
          expect(Option.getOrThrow(yield* registry.get(2563, older[0]!.houseCode))).toEqual(older[0])
          expect(Option.getOrThrow(yield* registry.get(2564, newer[0]!.houseCode))).toEqual(newer[0])
          expect(yield* allPages(2563, 10)).toEqual([...older].sort(byHouseCode))
        })
      ))
  })

  describe(`DecisionStore on ${name}`, () => {
    const records = [...unusual, ...synthetic(60, { seed: 13 })]

    it("gives decisions back as the rule set made them, with their village, persons and evaluation", () =>
      run(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          for (const ruleSet of [base, whatIf]) {
            const at = evaluation(ruleSet, "2026-11-29T03:00:00.000Z")
            const decisions = stored(ruleSet, at, records)
            yield* store.put(round, at, decisions)
            const got = yield* store.page(round, ruleSet.key, { limit: 1000 })
            expect(got).toEqual([...decisions].sort((x, y) => byHouseCode(x.decision, y.decision)))
          }
          // The data exercises every status, members named, reasons and both outcomes.
          const all = records.flatMap((r) => [RuleSet.evaluate(base, r), RuleSet.evaluate(whatIf, r)])
          const statuses = new Set(all.flatMap((d) => d.indicators.map((i) => i.status)))
          expect([...statuses].sort()).toEqual(["fail", "not_applicable", "pass", "unknown"])
          expect(all.some((d) => d.indicators.some((i) => i.members.length > 0))).toBe(true)
          expect(all.some((d) => d.reasons.length > 0)).toBe(true)
          expect(all.some((d) => d.target)).toBe(true)
        })
      ))

    it("gives one house's decision back by key, as a page would, and none for a house or key it does not hold", () =>
      run(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          const at = evaluation(base, "2026-11-29T03:00:00.000Z")
          const decisions = stored(base, at, records)
          yield* store.put(round, at, decisions)
          for (const d of [decisions[0]!, decisions[decisions.length - 1]!]) {
            expect(Option.getOrThrow(yield* store.get(round, base.key, d.decision.houseCode))).toEqual(d)
          }
          expect(Option.isNone(yield* store.get(round, base.key, "33999999999"))).toBe(true)
          expect(Option.isNone(yield* store.get(round, whatIf.key, decisions[0]!.decision.houseCode))).toBe(true)
          expect(Option.isNone(yield* store.get(round + 1, base.key, decisions[0]!.decision.houseCode))).toBe(true)
        })
      ))

    it("replaces a house's decision under the same rule-set key and keeps keys apart", () =>
      run(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          const first = evaluation(base, "2026-11-29T03:00:00.000Z")
          const again = evaluation(base, "2026-11-30T03:00:00.000Z")
          const other = evaluation(whatIf, "2026-12-01T03:00:00.000Z")
          yield* store.put(round, first, stored(base, first, records))
          yield* store.put(round, again, stored(base, again, records.slice(0, 10)))
          yield* store.put(round, other, stored(whatIf, other, records.slice(0, 4)))
          const got = yield* store.page(round, base.key, { limit: 1000 })
          expect(got).toHaveLength(records.length)
          const reEvaluated = new Set(codes(records.slice(0, 10)))
          for (const s of got) {
            expect(s.evaluation).toEqual(reEvaluated.has(s.decision.houseCode) ? again : first)
          }
          expect(yield* store.evaluations(round)).toEqual([
            { ...other, households: 4 },
            { ...again, households: records.length }
          ])
          expect((yield* store.page(round, whatIf.key, { limit: 1000 })).map((s) => s.decision.ruleSet)).toEqual(
            Array.from({ length: 4 }, () => whatIf.key)
          )
          expect(yield* store.evaluations(round + 1)).toEqual([])
          expect(yield* store.page(round + 1, base.key, { limit: 10 })).toEqual([])
        })
      ))

    it("pages decisions in house-code order, after a code, up to a limit, within areas", () =>
      run(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          const villages = ["33010101", "33020101", "34010101"]
          const placed = records.map((r, i) => inVillage(r, villages[i % 3]!))
          const at = evaluation(base, "2026-11-29T03:00:00.000Z")
          yield* store.put(round, at, stored(base, at, placed))
          const sorted = [...placed].sort(byHouseCode)
          const pageCodes = (page: Registry.Page) =>
            store.page(round, base.key, page).pipe(Effect.map((ds) => ds.map((d) => d.decision.houseCode)))
          expect(yield* pageCodes({ limit: 5 })).toEqual(codes(sorted.slice(0, 5)))
          expect(yield* pageCodes({ limit: 5, after: sorted[5]!.houseCode })).toEqual(codes(sorted.slice(6, 11)))
          const inArea = sorted.filter((r) => r.villageCode.startsWith("3302") || r.villageCode.startsWith("34"))
          expect(yield* pageCodes({ limit: 1000, areas: ["3302", "34"] })).toEqual(codes(inArea))
          expect(yield* pageCodes({ limit: 3, after: inArea[0]!.houseCode, areas: ["3302", "34"] })).toEqual(codes(inArea.slice(1, 4)))
          expect(yield* pageCodes({ limit: 1000, areas: [] })).toEqual([])
        })
      ))
  })

  describe(`AreaDirectory on ${name}`, () => {
    const province = { code: "33", level: "province", nameTh: "ศรีสะเกษ", nameEn: "Si Sa Ket" } as const
    const districts = [
      { code: "3302", level: "district", nameTh: "ยางชุมน้อย", nameEn: "Yang Chum Noi" },
      { code: "3301", level: "district", nameTh: "เมืองศรีสะเกษ", nameEn: "Mueang Si Sa Ket" }
    ] as const
    const subdistrict = { code: "330101", level: "subdistrict", nameTh: "เมืองเหนือ", nameEn: "Mueang Nuea" } as const
    const village = { code: "33010101", level: "village", nameTh: "หมู่ 1", nameEn: "Village 1" } as const
    const other = { code: "34", level: "province", nameTh: "อุบลราชธานี", nameEn: "Ubon Ratchathani" } as const

    it("adds areas, renames them, and finds them by code", () =>
      run(
        Effect.gen(function* () {
          const directory = yield* Registry.AreaDirectory
          yield* directory.upsert([other, province, ...districts, subdistrict, village])
          expect(yield* directory.get("3301")).toEqual(Option.some(districts[1]))
          expect(yield* directory.get("33010101")).toEqual(Option.some(village))
          expect(yield* directory.get("35")).toEqual(Option.none())
          const renamed = { ...village, nameTh: "บ้านโนนแย้", nameEn: "Ban Non Yae" }
          yield* directory.upsert([renamed])
          expect(yield* directory.get("33010101")).toEqual(Option.some(renamed))
          yield* directory.upsert([])
        })
      ))

    it("lists the areas one level below a code, in code order", () =>
      run(
        Effect.gen(function* () {
          const directory = yield* Registry.AreaDirectory
          yield* directory.upsert([village, ...districts, other, subdistrict, province])
          expect(yield* directory.children("")).toEqual([province, other])
          expect(yield* directory.children("33")).toEqual([districts[1], districts[0]])
          expect(yield* directory.children("3301")).toEqual([subdistrict])
          expect(yield* directory.children("330101")).toEqual([village])
          expect(yield* directory.children("33010101")).toEqual([])
          expect(yield* directory.children("3302")).toEqual([])
        })
      ))

    it("ensures areas: adds the unknown ones and leaves known names alone", () =>
      run(
        Effect.gen(function* () {
          const directory = yield* Registry.AreaDirectory
          yield* directory.upsert([village])
          const placeholder = (code: string) => ({ code, level: "village", nameTh: `หมู่บ้าน ${code}`, nameEn: `village ${code}` }) as const
          yield* directory.ensure([placeholder("33010101"), placeholder("33010102"), placeholder("33010102")])
          expect(yield* directory.get("33010101")).toEqual(Option.some(village))
          expect(yield* directory.get("33010102")).toEqual(Option.some(placeholder("33010102")))
          expect(yield* directory.children("330101")).toEqual([village, placeholder("33010102")])
        })
      ))
  })
}
