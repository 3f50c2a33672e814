import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Decision, Dimension, RuleSet } from "../../src/index.js"
import { clone, record } from "../arbitraries.js"
import {
  bornAged,
  citizenId,
  evaluate,
  household,
  member,
  reason,
  status,
  tpmapIndicators,
  withMembers
} from "../fixtures.js"

/** A household failing exactly one indicator of each listed dimension. */
const failing = {
  health: { hygienicFood: false },
  living: { tidyHome: false },
  education: {},
  income: { annualIncomeBaht: 1_000 },
  access: {}
} as const

const illiterate = () => member({ citizenId: citizenId(2), literate: false })
const neglectedElder = () => member({ citizenId: citizenId(3), birthDate: bornAged(70), caredFor: false })

describe("a decision", () => {
  it("holds all 17 indicators in ascending order with their dimensions", () => {
    const d = evaluate(household())
    expect(d.indicators.map((r) => [r.indicator, r.dimension])).toEqual(tpmapIndicators.map(([n, dim]) => [n, dim]))
  })

  it("carries the houseCode, surveyYear and rule set key", () => {
    const d = evaluate(household({ houseCode: "33019999999", surveyYear: 2565 }))
    expect([d.houseCode, d.surveyYear, d.ruleSet]).toEqual(["33019999999", 2565, "tpmap-2565"])
  })

  it("of a household passing everything fails no dimension, scores 0, is not survey-poor and gives no reason", () => {
    const d = evaluate(household({ welfareCard: "verified" }))
    expect(d).toMatchObject({ failedDimensions: [], deprivationScore: 0, surveyPoor: false, target: false, reasons: [] })
  })

  it("lists failed dimensions in the order health, living, education, income, access", () => {
    const d = evaluate(
      household({
        ...failing.health,
        ...failing.living,
        ...failing.income,
        members: [member({ relation: "head", citizenId: citizenId(1) }), illiterate(), neglectedElder()]
      })
    )
    expect(d.failedDimensions).toEqual(["health", "living", "education", "income", "access"])
    expect(d.failedDimensions).toEqual(Dimension.all)
    expect(d.deprivationScore).toBe(1)
  })

  it("orders failed dimensions by reporting order, not by which failed first", () => {
    const d = evaluate(withMembers(neglectedElder(), member({ citizenId: citizenId(4), birthWeightGrams: 1000, birthDate: "2021-01-01" })))
    expect(d.failedDimensions).toEqual(["health", "access"])
  })

  it("counts a dimension once however many of its indicators fail", () => {
    const d = evaluate(household({ secureTenure: false, drinkingWaterLitresPerPersonPerDay: 1, waterUseLitresPerPersonPerDay: 1, tidyHome: false }))
    expect(d.failedDimensions).toEqual(["living"])
    expect(d.deprivationScore).toBe(1 / 5)
    expect(d.reasons.map((r) => r.indicator)).toEqual([8, 9, 10, 11])
  })

  it.each([
    [1, { ...failing.health }, []],
    [2, { ...failing.health, ...failing.living }, []],
    [3, { ...failing.health, ...failing.living, ...failing.income }, []],
    [4, { ...failing.health, ...failing.living, ...failing.income }, [illiterate()]],
    [5, { ...failing.health, ...failing.living, ...failing.income }, [illiterate(), neglectedElder()]]
  ])("scores %i failed dimensions as that many fifths", (count, overrides, others) => {
    const d = evaluate(household({ ...overrides, members: [member({ relation: "head", citizenId: citizenId(1) }), ...others] }))
    expect(d.failedDimensions).toHaveLength(count)
    expect(d.deprivationScore).toBe(count / 5)
  })

  it("is survey-poor with one failed dimension under the default k of 1/5", () => {
    const d = evaluate(household({ ...failing.income }))
    expect(d).toMatchObject({ failedDimensions: ["income"], deprivationScore: 0.2, surveyPoor: true })
  })

  it("is not survey-poor with one failed dimension when k is 0.4, and is with two", () => {
    const k04 = RuleSet.withParameters(RuleSet.tpmap2565, { k: 0.4 })
    expect(evaluate(household({ ...failing.income, welfareCard: "verified" }), k04)).toMatchObject({
      deprivationScore: 0.2,
      surveyPoor: false,
      target: false
    })
    expect(evaluate(household({ ...failing.income, ...failing.health }), k04)).toMatchObject({ deprivationScore: 0.4, surveyPoor: true })
  })

  it("is a target when survey-poor with a verified welfare card", () => {
    expect(evaluate(household({ ...failing.health, welfareCard: "verified" }))).toMatchObject({ surveyPoor: true, target: true })
  })

  it("is not a target with a welfare card that is only registered", () => {
    expect(evaluate(household({ ...failing.health, welfareCard: "registered" }))).toMatchObject({ surveyPoor: true, target: false })
  })

  it("is not a target without a welfare card", () => {
    expect(evaluate(household({ ...failing.health, welfareCard: "none" }))).toMatchObject({ surveyPoor: true, target: false })
  })

  it("is not a target with a verified welfare card when not survey-poor", () => {
    expect(evaluate(household({ welfareCard: "verified" }))).toMatchObject({ surveyPoor: false, target: false })
  })

  it("is not a target with only unknown answers, however the card stands", () => {
    const d = evaluate(household({ hygienicFood: undefined, annualIncomeBaht: undefined, welfareCard: "verified" }))
    expect([status(d, 4), status(d, 22)]).toEqual(["unknown", "unknown"])
    expect(d).toMatchObject({ failedDimensions: [], surveyPoor: false, target: false })
  })
})

describe("the reasons of a decision", () => {
  it("give one reason with indicator, th and en per failed indicator, in indicator order", () => {
    const d = evaluate(
      household({
        annualIncomeBaht: 60_000,
        hygienicFood: false,
        tidyHome: undefined,
        members: [member({ relation: "head", citizenId: citizenId(1) }), illiterate()]
      })
    )
    expect(d.reasons.map((r) => r.indicator)).toEqual([4, 19, 22])
    expect(d.reasons).toEqual([
      {
        indicator: 4,
        th: "ข้อ 4: ครัวเรือนไม่ได้กินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน",
        en: "indicator 4: the household's food is not hygienic, safe and standard"
      },
      {
        indicator: 19,
        th: "ข้อ 19: สมาชิกอายุ 15–59 ปี 1 คนอ่านเขียนภาษาไทยหรือคิดเลขอย่างง่ายไม่ได้",
        en: "indicator 19: 1 member aged 15–59 cannot read and write Thai or do simple arithmetic"
      },
      {
        indicator: 22,
        th: "ข้อ 22: รายได้ 30,000 บาท/คน/ปี < 38,000",
        en: "indicator 22: income 30,000 baht/person/year < 38,000"
      }
    ])
  })

  it("count the failing members of a person indicator", () => {
    const twoNewborns = withMembers(
      member({ birthDate: "2021-01-01", birthWeightGrams: 2000 }),
      member({ birthDate: "2021-02-01", birthWeightGrams: 2400 })
    )
    expect(reason(evaluate(twoNewborns), 1).en).toBe("indicator 1: 2 newborns under 2,500 g")
    const oneNewborn = withMembers(member({ birthDate: "2021-01-01", birthWeightGrams: 2000 }))
    expect(reason(evaluate(oneNewborn), 1)).toEqual({
      indicator: 1,
      th: "ข้อ 1: เด็กแรกเกิด 1 คนน้ำหนักต่ำกว่า 2,500 กรัม",
      en: "indicator 1: 1 newborn under 2,500 g"
    })
  })

  it("give the amount and the threshold for water", () => {
    expect(reason(evaluate(household({ drinkingWaterLitresPerPersonPerDay: 4 })), 9).en).toBe(
      "indicator 9: drinking water 4 litres/person/day < 5"
    )
    expect(reason(evaluate(household({ waterUseLitresPerPersonPerDay: 30.5 })), 10).en).toBe(
      "indicator 10: water for use 30.5 litres/person/day < 45"
    )
  })

  it("name every failed indicator of each of the 17 at least once", () => {
    const d = evaluate(
      household({
        hygienicFood: false,
        appropriateMedicineUse: false,
        secureTenure: false,
        drinkingWaterLitresPerPersonPerDay: 0,
        waterUseLitresPerPersonPerDay: 0,
        tidyHome: false,
        annualIncomeBaht: 0,
        members: [
          member({ relation: "head", exercises: false, literate: false, hasOccupationAndIncome: false }),
          member({ relation: "child", birthDate: "2021-01-01", birthWeightGrams: 1 }),
          member({ relation: "child", birthDate: bornAged(4), preschoolCare: false }),
          member({ relation: "child", birthDate: bornAged(10), compulsoryEducation: false, disabled: true, caredFor: false }),
          member({ relation: "child", birthDate: bornAged(16), finishedGrade9: true, continuedToGrade10: false }),
          member({ relation: "parent", birthDate: bornAged(70), hasOccupationAndIncome: false, caredFor: false })
        ]
      })
    )
    expect(d.indicators.every((r) => r.status === "fail")).toBe(true)
    expect(d.reasons.map((r) => r.indicator)).toEqual(tpmapIndicators.map(([n]) => n))
    for (const r of d.reasons) {
      expect(r.en.startsWith(`indicator ${r.indicator}: `)).toBe(true)
      expect(r.th.startsWith(`ข้อ ${r.indicator}: `)).toBe(true)
    }
  })

  it("are not given for unknown indicators", () => {
    const d = evaluate(household({ hygienicFood: undefined, members: [member({ relation: "head", literate: null })] }))
    expect(d.reasons).toEqual([])
  })
})

describe("Decision.indicator and Decision.fails", () => {
  it("find an indicator's result by number and tell whether a dimension failed", () => {
    const d = evaluate(household({ ...failing.income }))
    expect(Decision.indicator(d, 22)).toEqual({ indicator: 22, dimension: "income", status: "fail", members: [] })
    expect(Decision.indicator(d, 2)).toBeUndefined()
    expect(Decision.fails(d, "income")).toBe(true)
    expect(Decision.fails(d, "health")).toBe(false)
  })
})

describe("Decision.toJson", () => {
  it("equals JSON.stringify for a passing, a failing and an unknown decision", () => {
    const decisions = [
      evaluate(household()),
      evaluate(household({ ...failing.health, ...failing.income, welfareCard: "verified" })),
      evaluate(withMembers(member({ literate: undefined }), member({ exercises: false }))),
      evaluate(household({ annualIncomeBaht: 30_000 }), RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 30_000 }))
    ]
    for (const d of decisions) expect(Decision.toJson(d)).toBe(JSON.stringify(d))
  })

  it("is a JSON object with the decision's fields in order", () => {
    const d = evaluate(household({ ...failing.health }))
    const json = Decision.toJson(d)
    expect(Object.keys(JSON.parse(json))).toEqual([
      "houseCode",
      "surveyYear",
      "ruleSet",
      "indicators",
      "failedDimensions",
      "deprivationScore",
      "surveyPoor",
      "target",
      "reasons"
    ])
    expect(JSON.parse(json)).toEqual(d)
  })

  it("equals JSON.stringify for arbitrary records, rule sets and repeated calls", () => {
    const ruleSets = [
      RuleSet.tpmap2565,
      RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 30_000, k: 0.4 })
    ]
    fc.assert(
      fc.property(record, fc.constantFrom(...ruleSets), (input, ruleSet) => {
        const d = evaluate(clone(input), ruleSet)
        expect(Decision.toJson(d)).toBe(JSON.stringify(d))
        expect(Decision.toJson(d)).toBe(JSON.stringify(d)) // the cache answers the same the second time
      }),
      { numRuns: 300 }
    )
  })

  it("round-trips through the Decision schema", () => {
    const d = evaluate(withMembers(member({ literate: false })))
    expect(Schema.decodeUnknownSync(Decision.Decision)(JSON.parse(Decision.toJson(d)))).toEqual(d)
  })
})

describe("Decision.compact and Decision.expand", () => {
  it("keep one letter per indicator status and the members behind fails and unknowns", () => {
    const d = evaluate(
      household({ hygienicFood: false, tidyHome: undefined, members: [member({ relation: "head", citizenId: citizenId(1) }), illiterate()] })
    )
    const c = Decision.compact(d)
    // 1 4 5 7 8 9 10 11 15 16 17 19 20 21 22 27 28
    expect(c.statuses).toBe("nfpppppunnnfpnpnn")
    expect(c.members).toEqual({ "19": [citizenId(2)] })
    expect([c.surveyPoor, c.target]).toEqual([true, false])
  })

  it("rebuild the decision they were made from", () => {
    fc.assert(
      fc.property(record, (input) => {
        const d = evaluate(clone(input))
        expect(Decision.expand(Decision.compact(d), RuleSet.tpmap2565.indicators)).toEqual(d)
      }),
      { numRuns: 200 }
    )
  })

  it("refuse a compact decision with an unknown status letter", () => {
    const c = { ...Decision.compact(evaluate(household())), statuses: "x".repeat(17) }
    expect(() => Decision.expand(c, RuleSet.tpmap2565.indicators)).toThrow("bad status at slot 0")
  })
})
