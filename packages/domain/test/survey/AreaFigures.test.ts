import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AreaFigures, type Decision, Dimension, RuleSet, SurveyRecord } from "../../src/index.js"
import { clone, record } from "../arbitraries.js"
import { evaluate, household, member, valid } from "../fixtures.js"

const tally = (households: ReadonlyArray<readonly [Decision.Decision, number]>): AreaFigures.Tally =>
  households.reduce((t, [d, persons]) => AreaFigures.add(t, d, persons), AreaFigures.empty())

/** Evaluated households with their persons, as a village report reads them. */
const evaluated = (k = 0.2) =>
  fc.array(record, { minLength: 0, maxLength: 12 }).map((records) =>
    records.map((input) => {
      const r = valid(clone(input))
      return [RuleSet.evaluate(RuleSet.withParameters(RuleSet.tpmap2565, { k }), r), SurveyRecord.persons(r)] as const
    })
  )

describe("AreaFigures", () => {
  it("gives zeros for no households", () => {
    expect(AreaFigures.figures(AreaFigures.empty())).toEqual({
      households: 0,
      persons: 0,
      surveyPoor: 0,
      target: 0,
      surveyPoorPersons: 0,
      targetPersons: 0,
      H: 0,
      A: 0,
      M0: 0,
      dimensions: Dimension.zeroCounts(),
      dimensionShares: Dimension.zeroCounts(),
      targetDimensions: Dimension.zeroCounts()
    })
  })

  it("computes H, A and M0 for four households, two of them poor with scores 1/5 and 3/5", () => {
    const passing = evaluate(household())
    const oneDimension = evaluate(household({ hygienicFood: false, welfareCard: "verified" }))
    const threeDimensions = evaluate(household({ hygienicFood: false, tidyHome: false, annualIncomeBaht: 0, welfareCard: "registered" }))
    const f = AreaFigures.figures(
      tally([
        [passing, 2],
        [oneDimension, 3],
        [threeDimensions, 4],
        [passing, 1]
      ])
    )
    expect(f).toMatchObject({ households: 4, persons: 10, surveyPoor: 2, target: 1, surveyPoorPersons: 7, targetPersons: 3, H: 0.5 })
    expect(f.A).toBeCloseTo(0.4, 12)
    expect(f.M0).toBeCloseTo(0.2, 12)
    expect(f.dimensions).toEqual({ health: 2, living: 1, education: 0, income: 1, access: 0 })
    expect(f.dimensionShares).toEqual({ health: 0.5, living: 0.25, education: 0, income: 0.25, access: 0 })
    expect(f.targetDimensions).toEqual({ health: 1, living: 0, education: 0, income: 0, access: 0 })
  })

  it("counts a household failing a dimension but not survey-poor (k = 0.4) in the dimension, not in H or A", () => {
    const k04 = RuleSet.withParameters(RuleSet.tpmap2565, { k: 0.4 })
    const oneDimension = evaluate(household({ hygienicFood: false }), k04)
    const twoDimensions = evaluate(household({ hygienicFood: false, tidyHome: false }), k04)
    const f = AreaFigures.figures(
      tally([
        [oneDimension, 1],
        [twoDimensions, 1]
      ])
    )
    expect(f).toMatchObject({ households: 2, surveyPoor: 1, H: 0.5, A: 0.4, M0: 0.2 })
    expect(f.dimensions).toEqual({ health: 2, living: 1, education: 0, income: 0, access: 0 })
  })

  it("counts the persons of the households", () => {
    const d = evaluate(household({ members: [member({ relation: "head" }), member(), member()] }))
    expect(AreaFigures.figures(tally([[d, 3]])).persons).toBe(3)
  })

  it("adds to a tally in place and returns it", () => {
    const t = AreaFigures.empty()
    const same = AreaFigures.add(t, evaluate(household({ tidyHome: false })), 1)
    expect(same).toBe(t)
    expect(t).toMatchObject({ households: 1, persons: 1, surveyPoor: 1, poorFailedDimensions: 1 })
  })

  it("returns figures that do not change when the tally is added to later", () => {
    const t = tally([[evaluate(household({ tidyHome: false })), 1]])
    const f = AreaFigures.figures(t)
    AreaFigures.add(t, evaluate(household({ tidyHome: false })), 1)
    expect(f.dimensions.living).toBe(1)
    expect(f.households).toBe(1)
  })

  it("combines tallies without changing them", () => {
    const a = tally([[evaluate(household({ tidyHome: false, welfareCard: "verified" })), 2]])
    const b = tally([[evaluate(household()), 5]])
    const before = [JSON.stringify(a), JSON.stringify(b)]
    const c = AreaFigures.combine(a, b)
    expect(c).toEqual({
      households: 2,
      persons: 7,
      surveyPoor: 1,
      target: 1,
      surveyPoorPersons: 2,
      targetPersons: 2,
      poorFailedDimensions: 1,
      dimensions: { health: 0, living: 1, education: 0, income: 0, access: 0 },
      targetDimensions: { health: 0, living: 1, education: 0, income: 0, access: 0 }
    })
    expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before)
  })
})

describe("properties of AreaFigures", () => {
  it("gives the figures of a union as those of the parts' tallies combined", () => {
    fc.assert(
      fc.property(evaluated(), fc.nat(), (households, cut) => {
        const at = households.length === 0 ? 0 : cut % (households.length + 1)
        const whole = AreaFigures.figures(tally(households))
        const parts = AreaFigures.figures(AreaFigures.combine(tally(households.slice(0, at)), tally(households.slice(at))))
        expect(parts).toEqual(whole)
      }),
      { numRuns: 100 }
    )
  })

  it("keeps H in [0, 1], A in [0, 1], M0 = H × A and M0 ≤ H, and counts as the decisions say", () => {
    fc.assert(
      fc.property(fc.constantFrom(0.2, 0.4, 0.6).chain((k) => evaluated(k).map((households) => ({ k, households }))), ({ k, households }) => {
        const f = AreaFigures.figures(tally(households))
        const poor = households.filter(([d]) => d.surveyPoor)
        expect(f.households).toBe(households.length)
        expect(f.persons).toBe(households.reduce((n, [, p]) => n + p, 0))
        expect(f.surveyPoor).toBe(poor.length)
        expect(f.target).toBe(households.filter(([d]) => d.target).length)
        expect(f.H).toBeGreaterThanOrEqual(0)
        expect(f.H).toBeLessThanOrEqual(1)
        expect(f.A).toBeGreaterThanOrEqual(0)
        expect(f.A).toBeLessThanOrEqual(1)
        expect(f.M0).toBe(f.H * f.A)
        expect(f.M0).toBeLessThanOrEqual(f.H)
        const meanScore = poor.length === 0 ? 0 : poor.reduce((s, [d]) => s + d.deprivationScore, 0) / poor.length
        expect(f.A).toBeCloseTo(meanScore, 12)
        if (poor.length > 0) expect(f.A).toBeGreaterThanOrEqual(k - 1e-12)
        for (const dim of Dimension.all) {
          expect(f.dimensions[dim]).toBe(households.filter(([d]) => d.failedDimensions.includes(dim)).length)
          expect(f.targetDimensions[dim]).toBe(households.filter(([d]) => d.target && d.failedDimensions.includes(dim)).length)
        }
      }),
      { numRuns: 60 }
    )
  })
})
