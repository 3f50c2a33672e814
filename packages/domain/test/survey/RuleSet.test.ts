import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Dimension, Indicator, RuleSet } from "../../src/index.js"
import { clone, deepFreeze, record } from "../arbitraries.js"
import { bornAged, evaluate, household, member, reason, status, tpmapIndicators, valid, withMembers } from "../fixtures.js"

/** The ParseError `withParameters` throws, or `undefined`. */
const rejectionOf = (overrides: Partial<Indicator.Parameters>): unknown => {
  try {
    RuleSet.withParameters(RuleSet.tpmap2565, overrides)
    return undefined
  } catch (e) {
    return e
  }
}

describe("RuleSet.tpmap2565", () => {
  it("has the id tpmap-2565 and, with its defaults, the key tpmap-2565", () => {
    expect(RuleSet.tpmap2565.id).toBe("tpmap-2565")
    expect(RuleSet.tpmap2565.key).toBe("tpmap-2565")
  })

  it("has the published thresholds and k = 1/5 as parameters", () => {
    expect(RuleSet.tpmap2565.parameters).toEqual({
      minBirthWeightGrams: 2500,
      minDrinkingWaterLitres: 5,
      minWaterUseLitres: 45,
      minAnnualIncomePerPersonBaht: 38000,
      k: 1 / 5
    })
    expect(RuleSet.tpmap2565.defaults).toEqual(RuleSet.tpmap2565.parameters)
  })

  it("has the 17 indicators in ascending order with their dimensions and scopes", () => {
    expect(RuleSet.tpmap2565.indicators.map((i) => [i.number, i.dimension])).toEqual(tpmapIndicators.map(([n, d]) => [n, d]))
    expect(RuleSet.tpmap2565.indicators.filter((i) => i.scope === "household").map((i) => i.number)).toEqual([4, 5, 8, 9, 10, 11, 22])
  })

  it("is known by its id", () => {
    expect(RuleSet.known.get("tpmap-2565")).toBe(RuleSet.tpmap2565)
  })
})

describe("RuleSet.withParameters", () => {
  const at30000 = RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 30000 })

  it("keys a what-if by the parameters that differ from the defaults", () => {
    expect(at30000.key).toBe("tpmap-2565{minAnnualIncomePerPersonBaht=30000}")
    expect(at30000.id).toBe("tpmap-2565")
    expect(at30000.parameters.minAnnualIncomePerPersonBaht).toBe(30000)
    expect(at30000.parameters.minWaterUseLitres).toBe(45)
  })

  it("lists several changed parameters in name order in the key", () => {
    const rs = RuleSet.withParameters(RuleSet.tpmap2565, { minWaterUseLitres: 50, k: 0.4, minBirthWeightGrams: 3000 })
    expect(rs.key).toBe("tpmap-2565{k=0.4,minBirthWeightGrams=3000,minWaterUseLitres=50}")
  })

  it("keeps the plain key when the overrides equal the defaults", () => {
    expect(RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 38000, k: 0.2 }).key).toBe("tpmap-2565")
  })

  it("keys a what-if of a what-if against the original defaults", () => {
    const back = RuleSet.withParameters(at30000, { minAnnualIncomePerPersonBaht: 38000 })
    expect(back.key).toBe("tpmap-2565")
    expect(RuleSet.withParameters(at30000, { k: 0.6 }).key).toBe("tpmap-2565{k=0.6,minAnnualIncomePerPersonBaht=30000}")
  })

  it("leaves the original rule set unchanged", () => {
    expect(RuleSet.tpmap2565.parameters.minAnnualIncomePerPersonBaht).toBe(38000)
    expect(RuleSet.tpmap2565.key).toBe("tpmap-2565")
  })

  it("turns indicator 22 from fail to pass for 35,000 baht a person with a 30,000 threshold", () => {
    const input = household({ annualIncomeBaht: 70_000, members: [member({ relation: "head" }), member()] })
    const before = evaluate(input)
    const after = evaluate(input, at30000)
    expect(status(before, 22)).toBe("fail")
    expect(status(after, 22)).toBe("pass")
    expect(before.ruleSet).toBe("tpmap-2565")
    expect(after.ruleSet).toBe("tpmap-2565{minAnnualIncomePerPersonBaht=30000}")
    expect([before.surveyPoor, after.surveyPoor]).toEqual([true, false])
  })

  it("states the overridden threshold in the reason", () => {
    const d = evaluate(household({ annualIncomeBaht: 29_000 }), at30000)
    expect(reason(d, 22).en).toBe("indicator 22: income 29,000 baht/person/year < 30,000")
  })

  it("moves the birth weight and water thresholds", () => {
    const rs = RuleSet.withParameters(RuleSet.tpmap2565, { minBirthWeightGrams: 3000, minDrinkingWaterLitres: 10, minWaterUseLitres: 100 })
    const input = household({
      drinkingWaterLitresPerPersonPerDay: 9.99,
      waterUseLitresPerPersonPerDay: 100,
      members: [member({ relation: "head" }), member({ birthDate: "2021-01-01", birthWeightGrams: 2999 })]
    })
    const d = evaluate(input, rs)
    expect([status(d, 1), status(d, 9), status(d, 10)]).toEqual(["fail", "fail", "pass"])
    const base = evaluate(input)
    expect([status(base, 1), status(base, 9), status(base, 10)]).toEqual(["pass", "pass", "pass"])
  })

  it("with k = 1 makes only a household failing all five dimensions survey-poor", () => {
    const all = RuleSet.withParameters(RuleSet.tpmap2565, { k: 1 })
    const four = household({
      hygienicFood: false,
      tidyHome: false,
      annualIncomeBaht: 0,
      members: [member({ relation: "head", literate: false })]
    })
    expect(evaluate(four, all)).toMatchObject({ deprivationScore: 0.8, surveyPoor: false })
    const five = { ...four, members: [...four.members, member({ birthDate: bornAged(70), caredFor: false })] }
    expect(evaluate(five, all)).toMatchObject({ deprivationScore: 1, surveyPoor: true })
  })

  it.each([
    ["k = 0", { k: 0 }],
    ["a negative k", { k: -0.2 }],
    ["k above 1", { k: 1.2 }],
    ["k = NaN", { k: Number.NaN }],
    ["a negative income threshold", { minAnnualIncomePerPersonBaht: -1 }],
    ["a negative birth weight threshold", { minBirthWeightGrams: -2500 }],
    ["a negative drinking water threshold", { minDrinkingWaterLitres: -5 }],
    ["a negative water use threshold", { minWaterUseLitres: -0.01 }],
    ["an infinite income threshold", { minAnnualIncomePerPersonBaht: Number.POSITIVE_INFINITY }],
    ["a NaN water threshold", { minWaterUseLitres: Number.NaN }]
  ] as const)("rejects %s with a ParseError", (_, overrides) => {
    expect(rejectionOf(overrides)).toMatchObject({ _tag: "ParseError" })
  })

  it("accepts thresholds of zero", () => {
    const rs = RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 0 })
    expect(status(evaluate(household({ annualIncomeBaht: 0 }), rs), 22)).toBe("pass")
  })
})

describe("RuleSet.evaluate", () => {
  it("evaluates a rule set given as a plain object with only the RuleSet fields", () => {
    const { id, parameters, defaults, indicators, assess, key } = RuleSet.withParameters(RuleSet.tpmap2565, { k: 0.4 })
    const plain: RuleSet.RuleSet = { id, parameters, defaults, indicators, assess, key }
    const input = household({ hygienicFood: false, members: [member({ relation: "head", literate: false })] })
    expect(RuleSet.evaluate(plain, valid(input))).toEqual(evaluate(input, RuleSet.withParameters(RuleSet.tpmap2565, { k: 0.4 })))
    expect(RuleSet.evaluate(plain, valid(input)).ruleSet).toBe("tpmap-2565{k=0.4}")
  })

  it("does not let a later evaluation change an earlier decision", () => {
    const first = evaluate(withMembers(member({ literate: false }), member({ literate: false })))
    const copy = JSON.parse(JSON.stringify(first))
    evaluate(withMembers(member({ literate: undefined }), member({ exercises: false })))
    evaluate(household())
    expect(first).toEqual(copy)
  })
})

/** Answers that can be turned from passing (or missing) to failing, and how. */
const householdFailures: ReadonlyArray<readonly [string, unknown]> = [
  ["hygienicFood", false],
  ["appropriateMedicineUse", false],
  ["secureTenure", false],
  ["durableHouse", false],
  ["tidyHome", false],
  ["drinkingWaterLitresPerPersonPerDay", 0],
  ["waterUseLitresPerPersonPerDay", 0],
  ["annualIncomeBaht", 0]
]
const memberFailures: ReadonlyArray<readonly [string, unknown]> = [
  ["birthWeightGrams", 0],
  ["exercises", false],
  ["preschoolCare", false],
  ["compulsoryEducation", false],
  ["continuedToGrade10", false],
  ["literate", false],
  ["hasOccupationAndIncome", false],
  ["caredFor", false]
]

const worsening = fc.oneof(
  fc.constantFrom(...householdFailures).map(([field, value]) => ({ at: -1, field, value })),
  fc.record({ at: fc.nat(), failure: fc.constantFrom(...memberFailures) }).map(({ at, failure: [field, value] }) => ({
    at,
    field,
    value
  }))
)

const statuses: ReadonlyArray<Indicator.Status> = ["pass", "fail", "unknown", "not_applicable"]

describe("properties of RuleSet.evaluate", () => {
  it("never lowers the deprivation score nor turns a fail into a non-fail when an answer turns to failing", () => {
    fc.assert(
      fc.property(record, fc.array(worsening, { minLength: 1, maxLength: 4 }), (base, changes) => {
        const worse = clone(base) as unknown as Record<string, any>
        for (const { at, field, value } of changes) {
          if (at < 0) worse[field] = value
          else worse["members"][at % worse["members"].length][field] = value
        }
        const before = evaluate(clone(base))
        const after = evaluate(worse)
        expect(after.deprivationScore).toBeGreaterThanOrEqual(before.deprivationScore)
        for (const dimension of before.failedDimensions) expect(after.failedDimensions).toContain(dimension)
        for (const r of before.indicators) {
          if (r.status === "fail") expect(after.indicators.find((a) => a.indicator === r.indicator)?.status).toBe("fail")
        }
        if (before.surveyPoor) expect(after.surveyPoor).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("keeps the decision consistent: statuses, members, dimensions, score, survey-poor, target, reasons", () => {
    const ks = [0.2, 0.4, 0.6, 0.8, 1]
    fc.assert(
      fc.property(record, fc.constantFrom(...ks), (input, k) => {
        const d = evaluate(clone(input), RuleSet.withParameters(RuleSet.tpmap2565, { k }))
        expect(d.indicators.map((r) => [r.indicator, r.dimension])).toEqual(tpmapIndicators.map(([n, dim]) => [n, dim]))
        const failed = new Set(d.indicators.filter((r) => r.status === "fail").map((r) => r.dimension))
        for (const r of d.indicators) {
          expect(statuses).toContain(r.status)
          expect([...r.members]).toEqual([...r.members].sort())
          if (r.status === "pass" || r.status === "not_applicable") expect(r.members).toEqual([])
          if (r.status === "fail" || r.status === "unknown") {
            const scope = RuleSet.tpmap2565.indicators.find((i) => i.number === r.indicator)?.scope
            if (scope === "member") expect(r.members.length).toBeGreaterThan(0)
            else expect(r.members).toEqual([])
          }
        }
        expect(d.failedDimensions).toEqual(Dimension.all.filter((dim) => failed.has(dim)))
        expect(d.deprivationScore).toBe(d.failedDimensions.length / 5)
        expect(d.surveyPoor).toBe(d.deprivationScore >= k)
        if (d.target) expect(d.surveyPoor).toBe(true)
        expect(d.target).toBe(d.surveyPoor && input.welfareCard === "verified")
        expect(d.reasons.map((r) => r.indicator)).toEqual(d.indicators.filter((r) => r.status === "fail").map((r) => r.indicator))
      }),
      { numRuns: 300 }
    )
  })

  it("names only members of the household, and only in-scope ones answering accordingly", () => {
    fc.assert(
      fc.property(record, (input) => {
        const r = valid(clone(input))
        const d = RuleSet.evaluate(RuleSet.tpmap2565, r)
        const byId = new Map(r.members.map((m) => [m.citizenId as string, m]))
        const literacy = d.indicators.find((x) => x.indicator === 19)!
        for (const id of literacy.members) {
          const m = byId.get(id)
          expect(m).toBeDefined()
          expect(m?.literate).toBe(literacy.status === "fail" ? false : undefined)
        }
      }),
      { numRuns: 200 }
    )
  })

  it("is deterministic and does not mutate the record", () => {
    fc.assert(
      fc.property(record, (input) => {
        const r = valid(clone(input))
        const snapshot = clone(r)
        const first = RuleSet.evaluate(RuleSet.tpmap2565, deepFreeze(r))
        const second = RuleSet.evaluate(RuleSet.tpmap2565, r)
        expect(second).toEqual(first)
        expect(r).toStrictEqual(snapshot)
      }),
      { numRuns: 200 }
    )
  })
})
