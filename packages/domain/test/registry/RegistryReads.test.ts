import { Effect, TestContext } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AccessMemory, Actor, Audit, Registry, RegistryMemory, RegistryReads, RoundEvaluation, RuleSet, SurveyImport } from "../../src/index.js"
import { citizenId, head, household, member } from "../fixtures.js"

const run = <A, E>(program: Effect.Effect<A, E, Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Audit.AuditLog>) =>
  Effect.runPromise(program.pipe(Effect.provide(RegistryMemory.layerMemory), Effect.provide(AccessMemory.layerMemory), Effect.provide(TestContext.TestContext)))
const flip = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.flip(e)

const system = Actor.system()
const district = { id: "dc-3301", role: "districtCentre" as const, scope: ["3301"] }
const officer = { id: "ao-1", role: "agencyOfficer" as const, scope: [""] }
const key = "tpmap-2565"

// Households in two districts, odd numbers poor (target), even ones fine.
const houses = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    household({
      houseCode: `330${1 + (i % 2)}${String(i).padStart(7, "0")}`,
      villageCode: `330${1 + (i % 2)}0101`,
      surveyYear: 2564,
      annualIncomeBaht: i % 3 === 0 ? 20000 : 500000,
      welfareCard: "verified",
      // a child out of school: a member behind a failed indicator, named by citizen ID
      members: [
        head({ citizenId: citizenId(1000 + i) }),
        ...(i % 3 === 0 ? [member({ citizenId: citizenId(5000 + i), birthDate: "2012-01-01", relation: "child", compulsoryEducation: false })] : [])
      ]
    })
  )
const seed = (n: number, evaluate = true) =>
  Effect.gen(function* () {
    yield* SurveyImport.batch(system, 2564, houses(n).map((value, i) => ({ line: i + 1, value })))
    if (evaluate) yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
  })

const all = (actor: Actor.Actor, options: Omit<RegistryReads.ListOptions, "after">) =>
  Effect.gen(function* () {
    const seen: Array<RegistryReads.Item> = []
    let after: string | undefined
    for (let pages = 0; pages < 1000; pages++) {
      const page = yield* RegistryReads.households(actor, 2564, { ...options, ...(after === undefined ? {} : { after }) })
      seen.push(...page.items)
      if (page.next === undefined) return seen
      after = page.next
    }
    throw new Error("no end")
  })

describe("RegistryReads.households", () => {
  it("pages through every household of the reader's areas once, in house-code order, whatever the page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), async (n, limit, onlyTarget) => {
        const { mine, everyone } = await run(
          Effect.gen(function* () {
            yield* seed(n)
            const options = { limit, ruleSetKey: key, ...(onlyTarget ? { target: true } : {}) }
            return { mine: yield* all(district, options), everyone: yield* all(system, options) }
          })
        )
        const expected = houses(n).filter((h, i) => (!onlyTarget || i % 3 === 0))
        expect(everyone.map((i) => i.houseCode)).toEqual(expected.map((h) => h.houseCode).sort())
        expect(mine.map((i) => i.houseCode)).toEqual(expected.filter((h) => h.villageCode.startsWith("3301")).map((h) => h.houseCode).sort())
      }),
      { numRuns: 30 }
    )
  })

  it("gives each item its size, target and head, and never a citizen ID", async () => {
    const page = await run(Effect.zipRight(seed(3), RegistryReads.households(system, 2564, { limit: 10, ruleSetKey: key })))
    expect(page.next).toBeUndefined()
    expect(page.items[0]).toMatchObject({ houseCode: "33010000000", villageCode: "33010101", surveyYear: 2564, size: 2, target: true })
    expect(page.items[1]?.target).toBe(false)
    expect(JSON.stringify(page)).not.toMatch(/\d{13}/)
  })

  it("refuses an area outside the reader's, a role without the right, and a target filter on a round not evaluated", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* seed(2, false)
        return {
          outside: yield* flip(RegistryReads.households(district, 2564, { area: "3302", limit: 5, ruleSetKey: key })),
          role: yield* flip(RegistryReads.households(officer, 2564, { limit: 5, ruleSetKey: key })),
          notEvaluated: yield* flip(RegistryReads.households(system, 2564, { target: true, limit: 5, ruleSetKey: key })),
          untargeted: yield* RegistryReads.households(system, 2564, { limit: 5, ruleSetKey: key })
        }
      })
    )
    expect(outcome.outside._tag).toBe("OutOfScope")
    expect(outcome.role._tag).toBe("NotPermitted")
    expect(outcome.notEvaluated._tag).toBe("NotEvaluated")
    expect(outcome.untargeted.items.map((i) => "target" in i)).toEqual([false, false])
  })
})

describe("RegistryReads.household and decision", () => {
  it("masks citizen IDs, answers NotFound outside the reader's areas exactly as for no household, and puts unmasked reads on record", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* seed(2)
        const masked = yield* RegistryReads.household(district, 2564, "33010000000")
        const decision = yield* RegistryReads.decision(district, 2564, "33010000000", key)
        const outside = yield* flip(RegistryReads.household(district, 2564, "33020000001"))
        const missing = yield* flip(RegistryReads.household(district, 2564, "33019999999"))
        const outsideDecision = yield* flip(RegistryReads.decision(district, 2564, "33020000001", key))
        const shown = yield* RegistryReads.householdUnmasked(district, 2564, "33010000000", { what: "GET /v1/households/{houseCode}", reason: "เยี่ยมบ้าน" })
        const shownDecision = yield* RegistryReads.decisionUnmasked(district, 2564, "33010000000", key, { what: "GET /v1/households/{houseCode}/decision" })
        const refused = yield* flip(RegistryReads.householdUnmasked({ ...officer, role: "auditor" }, 2564, "33010000000", { what: "x" }))
        return { masked, decision, outside, missing, outsideDecision, shown, shownDecision, refused, log: yield* (yield* Audit.AuditLog).list({}) }
      })
    )
    expect(outcome.masked.members.every((m) => /^x{9}\d{4}$/.test(m.citizenId))).toBe(true)
    expect(outcome.shown.members.every((m) => /^\d{13}$/.test(m.citizenId))).toBe(true)
    expect(outcome.decision.indicators.flatMap((r) => r.members).every((m) => /^x{9}\d{4}$/.test(m))).toBe(true)
    expect(outcome.decision.indicators.some((r) => r.members.length > 0)).toBe(true)
    expect(outcome.shownDecision.indicators.flatMap((r) => r.members).every((m) => /^\d{13}$/.test(m))).toBe(true)
    expect([outcome.outside._tag, outcome.missing._tag, outcome.outsideDecision._tag]).toEqual(["NotFound", "NotFound", "NotFound"])
    expect(outcome.outside.message.replace("33020000001", "X")).toBe(outcome.missing.message.replace("33019999999", "X"))
    expect(outcome.refused._tag).toBe("NotPermitted")
    expect(outcome.log.map((e) => [e.actor, e.action, e.what, e.houseCodes, e.reason])).toEqual([
      ["dc-3301", "unmask", "GET /v1/households/{houseCode}", ["33010000000"], "เยี่ยมบ้าน"],
      ["dc-3301", "unmask", "GET /v1/households/{houseCode}/decision", ["33010000000"], undefined]
    ])
  })
})
