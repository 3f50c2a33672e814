/**
 * Invariants of the journey over random sequences of commands (most of them refused by
 * some rule, which is the point): a household's step never goes back except when help is
 * reversed; every reversal nets its original to zero; area counts add up to the province.
 */
import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Journey, JourneyCommands, JourneyStore, Logbook, Problem, Progress } from "../../src/index.js"
import { actionInput, date, helpInput, key, officer, type Ports, province, run, stored } from "../journeyFixtures.js"

const J = JourneyCommands
// Few households and indicators, so random sequences reach the late steps often.
const houses = ["33010100001", "33010200002"]
const indicators = [8, 23, 21]
const house = fc.constantFrom(...houses)
const day = fc.integer({ min: 1, max: 28 }).map((d) => date(`2022-08-${String(d).padStart(2, "0")}`))
const some = fc.subarray(indicators)

type Command =
  | { readonly _tag: "verify" | "analyse" | "agreePlan"; readonly h: string; readonly on: string }
  | { readonly _tag: "addPlanAction"; readonly h: string; readonly problems: ReadonlyArray<number> }
  | { readonly _tag: "setActionStatus"; readonly n: number; readonly status: "inProgress" | "done" | "cancelled" }
  | { readonly _tag: "markProblem"; readonly h: string; readonly indicator: number; readonly as: "selfResolved" | "cannotResolve"; readonly on: string }
  | { readonly _tag: "recordHelp"; readonly h: string; readonly problems: ReadonlyArray<number>; readonly on: string; readonly value: number }
  | { readonly _tag: "reverseHelp"; readonly n: number; readonly on: string }
  | { readonly _tag: "recordVisit"; readonly h: string; readonly confirms: ReadonlyArray<number>; readonly on: string }
  | { readonly _tag: "closeFromRound"; readonly h: string; readonly failing: ReadonlyArray<number> }

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ _tag: fc.constantFrom("verify", "analyse", "agreePlan"), h: house, on: day }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("addPlanAction"), h: house, problems: fc.subarray(indicators, { minLength: 1, maxLength: 2 }) }) },
  fc.record({ _tag: fc.constant("setActionStatus"), n: fc.integer({ min: 1, max: 6 }), status: fc.constantFrom("inProgress", "done", "cancelled") }),
  fc.record({ _tag: fc.constant("markProblem"), h: house, indicator: fc.constantFrom(...indicators), as: fc.constantFrom("selfResolved", "cannotResolve"), on: day }),
  { weight: 3, arbitrary: fc.record({ _tag: fc.constant("recordHelp"), h: house, problems: some, on: day, value: fc.integer({ min: 0, max: 500_000 }) }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("reverseHelp"), n: fc.integer({ min: 1, max: 4 }), on: day }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("recordVisit"), h: house, confirms: some, on: day }) },
  fc.record({ _tag: fc.constant("closeFromRound"), h: house, failing: some })
) as fc.Arbitrary<Command>

/** Both households verified, analysed and planned, so that half the sequences start late in the journey. */
const planned: ReadonlyArray<Command> = [
  ...houses.flatMap((h) => [{ _tag: "verify", h, on: "2022-08-01" }, { _tag: "analyse", h, on: "2022-08-01" }] as const),
  { _tag: "addPlanAction", h: houses[0]!, problems: [8] },
  { _tag: "addPlanAction", h: houses[1]!, problems: [8, 23] },
  ...houses.map((h) => ({ _tag: "agreePlan", h, on: "2022-08-01" }) as const)
]

const sequence = fc.tuple(fc.boolean(), fc.array(command, { minLength: 10, maxLength: 60, size: "max" })).map(([early, rest]) => (early ? [...planned, ...rest] : rest))

const apply = (c: Command, i: number): Effect.Effect<unknown, unknown, Ports> => {
  const k = key(`k-${i}`)
  const h = ("h" in c ? c.h : houses[0]) as never
  switch (c._tag) {
    case "verify":
      return J.verify(province, k, { houseCode: h, outcome: "confirmed", on: date(c.on) })
    case "analyse":
      return J.analyse(province, k, { houseCode: h, on: date(c.on) })
    case "agreePlan":
      return J.agreePlan(province, k, { houseCode: h, on: date(c.on) })
    case "addPlanAction":
      return J.addPlanAction(province, k, actionInput(c.h, c.problems))
    case "setActionStatus":
      return J.setActionStatus(officer, k, { action: `A-${c.n}` as never, status: c.status })
    case "markProblem":
      return J.markProblem(province, k, { houseCode: h, indicator: c.indicator, as: c.as, reason: "ตรวจแล้ว", on: date(c.on) })
    case "recordHelp":
      return J.recordHelp(officer, k, helpInput(c.h, { problems: c.problems, on: c.on, value: c.value }))
    case "reverseHelp":
      return J.reverseHelp(officer, k, { entry: Logbook.id(c.n), reason: "แก้ไข", on: date(c.on) })
    case "recordVisit":
      return J.recordVisit(province, k, { houseCode: h, on: date(c.on), stage: "survive", confirms: c.confirms })
    case "closeFromRound":
      // a later round's decision of the household (closeFromRound reads it from the registry; the page step takes it as stored)
      return J.closeFromRoundAll(province, 2566, date("2023-06-01"), [stored(c.h, c.h === houses[0] ? "33010101" : "33010201", c.failing)])
  }
}

const enrolment = J.enrol(province, 2565, houses.map((h, i) => stored(h, i === 0 ? "33010101" : "33010201", i === 0 ? [8] : [8, 23])))

const snapshot = Effect.flatMap(JourneyStore.JourneyStore, (store) => store.facts(""))

let followedUp = 0

describe("the journey over random command sequences", () => {
  it("never takes a step back except on a reversal of that household's help, and reversals net to zero", async () => {
    await fc.assert(
      fc.asyncProperty(sequence, async (commands) => {
        const outcome = await run(
          Effect.gen(function* () {
            yield* enrolment
            const violations: Array<string> = []
            let before = yield* snapshot
            let applied = 0
            for (const [i, c] of commands.entries()) {
              const result = yield* Effect.either(apply(c, i))
              if (Either.isRight(result)) applied++
              const after = yield* snapshot
              for (const [j, f] of after.entries()) {
                const was = Journey.rank(Journey.step(before[j]!))
                const is = Journey.rank(Journey.step(f))
                const reversedHere = Either.isRight(result) && c._tag === "reverseHelp" && (result.right as Logbook.Entry).houseCode === f.household.houseCode
                if (is < was && !reversedHere) violations.push(`${c._tag} took ${f.household.houseCode} from ${was} to ${is}`)
                // A mark is final: a marked problem never changes status.
                for (const p of before[j]!.problems) {
                  if (p.closure === undefined || p.closure._tag === "passedInRound") continue
                  const now = f.problems.find((q) => q.indicator === p.indicator)!
                  if (Journey.problemStatus(f, now) !== p.closure._tag) violations.push(`${c._tag} reopened marked problem ${p.indicator}`)
                }
              }
              before = after
            }
            const logbook = yield* (yield* JourneyStore.JourneyStore).logbook("")
            if (before.some((f) => Journey.step(f) === "followedUp")) followedUp++
            return { violations, logbook, applied }
          })
        )
        expect(outcome.violations).toEqual([])
        const byId = new Map(outcome.logbook.map((e) => [e.id, e]))
        for (const e of outcome.logbook) {
          if (e.reverses === undefined) continue
          const original = byId.get(e.reverses)!
          expect(original.value + e.value).toBe(0)
          expect(outcome.logbook.filter((x) => x.reverses === original.id)).toHaveLength(1)
        }
        expect(Logbook.net(outcome.logbook)).toBe(Logbook.standing(outcome.logbook).reduce((s, e) => s + e.value, 0))
      }),
      { numRuns: 150 }
    )
    // Many sequences must reach the last step for the invariant to mean anything.
    expect(followedUp).toBeGreaterThan(5)
  }, 120_000)
})

const village = fc.constantFrom("33010101", "33010102", "33010201", "33020101", "33020102", "33030301")
const summary: fc.Arbitrary<Progress.Summary> = fc.record({
  houseCode: fc.constant("33010100001"),
  villageCode: village,
  step: fc.constantFrom(...Journey.Step.literals),
  stage: fc.constantFrom(undefined, ...Journey.Stage.literals),
  helped: fc.boolean(),
  solved: fc.boolean(),
  problems: fc.record(Object.fromEntries(Problem.Status.literals.map((s) => [s, fc.nat({ max: 4 })])) as Record<Problem.Status, fc.Arbitrary<number>>)
})

/** Adds counts field by field, the test's own sum rather than `Progress.count`. */
const sum = (all: ReadonlyArray<Progress.Counts>) => {
  const out: Record<string, Record<string, number>> = { households: {}, problems: {} }
  for (const c of all) {
    for (const part of ["households", "problems"] as const) {
      for (const [k, v] of Object.entries(c[part])) out[part]![k] = (out[part]![k] ?? 0) + (v as number)
    }
  }
  return out
}

describe("Progress.byArea", () => {
  it("adds every area's children up to it, and the province up to all households", () => {
    fc.assert(
      fc.property(fc.array(summary, { minLength: 1, maxLength: 60 }), (summaries) => {
        const areas = Progress.byArea(summaries)
        for (const area of areas) {
          if (area.level === "village") continue
          const children = areas.filter((a) => a.code.length === area.code.length + 2 && a.code.startsWith(area.code))
          expect(sum(children.map((c) => c.counts))).toEqual(sum([area.counts]))
        }
        const provinceCounts = areas.find((a) => a.code === "33")!.counts
        expect(provinceCounts.households.targets).toBe(summaries.length)
        expect(provinceCounts.households.withHelp + provinceCounts.households.noHelp).toBe(summaries.length)
        const problems = summaries.reduce((n, s) => n + Object.values(s.problems).reduce((a, b) => a + b, 0), 0)
        expect(provinceCounts.problems.total).toBe(problems)
      })
    )
  })
})
