import { Effect, Layer, TestClock, TestContext } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AccessMemory, Actor, Area, AreaFigures, Dimension, Registry, RegistryMemory, RoundEvaluation, RoundReport, RuleSet, SurveyImport, type Decision } from "../../src/index.js"
import { household } from "../fixtures.js"

describe("RoundReport.rollUp", () => {
  const village = fc.tuple(fc.constantFrom("01", "02"), fc.constantFrom("01", "02", "03"), fc.constantFrom("01", "02", "03"), fc.constantFrom("01", "02", "05")).map((p) => `33${p.join("")}`)
  const decided = fc.record({
    villageCode: village,
    surveyPoor: fc.boolean(),
    target: fc.boolean(),
    failedDimensions: fc.subarray([...Dimension.all]),
    persons: fc.integer({ min: 1, max: 9 })
  })

  it("gives at every level exactly the tallies counted directly at that level", () => {
    fc.assert(
      fc.property(fc.array(decided, { maxLength: 60 }), (households) => {
        const villages = new Map<string, AreaFigures.Tally>()
        for (const h of households) {
          const tally = villages.get(h.villageCode) ?? AreaFigures.empty()
          villages.set(h.villageCode, AreaFigures.add(tally, h as unknown as Decision.Decision, h.persons))
        }
        for (const level of Area.levels) {
          const direct = new Map<string, AreaFigures.Tally>()
          for (const h of households) {
            const area = Area.ancestor(h.villageCode as Area.AreaCode, level)
            direct.set(area, AreaFigures.add(direct.get(area) ?? AreaFigures.empty(), h as unknown as Decision.Decision, h.persons))
          }
          expect(RoundReport.rollUp(villages, level)).toEqual([...direct].sort(([a], [b]) => (a < b ? -1 : 1)))
        }
      })
    )
  })
})

describe("RoundReport.tallies with a TallyCache", () => {
  const system = Actor.system()
  const records = [
    household({ houseCode: "33010000001", villageCode: "33010101", surveyYear: 2564, annualIncomeBaht: 20000, welfareCard: "verified" }),
    household({ houseCode: "33020000002", villageCode: "33020101", surveyYear: 2564, annualIncomeBaht: 500000 })
  ]

  /** The memory store, counting its page reads and writes: its revision is the count of writes. */
  const counting = (reads: { n: number }) =>
    Layer.effect(
      Registry.DecisionStore,
      Effect.gen(function* () {
        const inner = yield* Registry.DecisionStore
        let writes = 0
        return Registry.DecisionStore.of({
          ...inner,
          put: (round, evaluation, decisions) => Effect.tap(inner.put(round, evaluation, decisions), () => Effect.sync(() => void writes++)),
          page: (round, key, page) => Effect.tap(inner.page(round, key, page), () => Effect.sync(() => void reads.n++)),
          revision: () => Effect.sync(() => String(writes))
        })
      })
    )

  const run = <A, E>(program: Effect.Effect<A, E, any>, reads: { n: number }, cache: boolean) =>
    Effect.runPromise(
      program.pipe(
        Effect.provide(cache ? Layer.succeed(Registry.TallyCache, Registry.tallyCache()) : Layer.empty),
        Effect.provide(Layer.provideMerge(counting(reads), RegistryMemory.layerMemory)),
        Effect.provide(AccessMemory.layerMemory),
        Effect.provide(TestContext.TestContext)
      ) as Effect.Effect<A, E>
    )

  const scenario = Effect.gen(function* () {
    yield* SurveyImport.batch(system, 2564, records.map((value, i) => ({ line: i + 1, value })))
    yield* TestClock.setTime(Date.UTC(2022, 0, 5))
    yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
    const first = yield* RoundReport.tallies(system, 2564, "tpmap-2565", "district")
    const again = yield* RoundReport.tallies(system, 2564, "tpmap-2565", "province")
    // A district's user gets their district's villages alone, from the same kept sums.
    const district = yield* RoundReport.tallies({ id: "dc", role: "districtCentre", scope: ["3301"] }, 2564, "tpmap-2565", "village")
    // Another evaluation writes the round again: the next report reads it afresh.
    yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
    const after = yield* RoundReport.tallies(system, 2564, "tpmap-2565", "district")
    return { first, again, district, after }
  })

  it("reads a round once until it is written again, with the same figures as without the cache", async () => {
    const cached = { n: 0 }
    const plain = { n: 0 }
    const withCache = await run(scenario, cached, true)
    const without = await run(scenario, plain, false)
    expect(withCache).toEqual(without)
    expect(withCache.again).toEqual(RoundReport.rollUp(new Map(withCache.first), "province"))
    expect(withCache.district.map(([v]) => v)).toEqual(["33010101"])
    // Without the cache each of the four reports reads the round; with it, only the first after each write does.
    expect(plain.n - cached.n).toBe(2)
  })
})
