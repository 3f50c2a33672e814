import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CalendarDate, RuleSet } from "../../src/index.js"
import { clone, passingRecord, record } from "../arbitraries.js"
import {
  bornAged,
  bornAgedLastDay,
  citizenId,
  evaluate,
  household,
  member,
  reason,
  result,
  status,
  surveyedOn,
  valid,
  withMembers
} from "../fixtures.js"
import * as Reference from "../reference.js"

// Every built household passes all 17 indicators (or they do not apply); each test
// changes one thing and looks at the indicator it concerns.

describe("the fully passing fixture", () => {
  it("passes every indicator that applies to a household of one 40-year-old head", () => {
    const d = evaluate(household())
    expect(d.indicators.map((r) => [r.indicator, r.status])).toEqual([
      [1, "not_applicable"],
      [4, "pass"],
      [5, "pass"],
      [7, "pass"],
      [8, "pass"],
      [9, "pass"],
      [10, "pass"],
      [11, "pass"],
      [15, "not_applicable"],
      [16, "not_applicable"],
      [17, "not_applicable"],
      [19, "pass"],
      [20, "pass"],
      [21, "not_applicable"],
      [22, "pass"],
      [27, "not_applicable"],
      [28, "not_applicable"]
    ])
    expect(d.failedDimensions).toEqual([])
  })
})

describe("indicator 1: newborns weigh at least 2,500 g (members aged 0)", () => {
  const newborn = (birthWeightGrams: number | null | undefined, id = citizenId(2)) =>
    member({ citizenId: id, relation: "child", birthDate: "2021-02-01", birthWeightGrams })

  it("passes a newborn weighing exactly 2,500 g", () => {
    expect(status(evaluate(withMembers(newborn(2500))), 1)).toBe("pass")
  })

  it("passes a newborn weighing 2,501 g", () => {
    expect(status(evaluate(withMembers(newborn(2501))), 1)).toBe("pass")
  })

  it("fails a newborn weighing 2,499 g and names the newborn", () => {
    const r = result(evaluate(withMembers(newborn(2499))), 1)
    expect(r).toEqual({ indicator: 1, dimension: "health", status: "fail", members: [citizenId(2)] })
  })

  it("fails a newborn a fraction of a gram under 2,500", () => {
    expect(status(evaluate(withMembers(newborn(2499.99))), 1)).toBe("fail")
  })

  it("is unknown when a newborn's birth weight is missing, naming the newborn", () => {
    const r = result(evaluate(withMembers(newborn(undefined))), 1)
    expect(r.status).toBe("unknown")
    expect(r.members).toEqual([citizenId(2)])
  })

  it("reads a null birth weight as missing", () => {
    const r = result(evaluate(withMembers(newborn(null))), 1)
    expect(r.status).toBe("unknown")
    expect(r.members).toEqual([citizenId(2)])
  })

  it("is not applicable when nobody is aged 0", () => {
    expect(status(evaluate(household()), 1)).toBe("not_applicable")
  })

  it("counts a baby born on the survey day as aged 0", () => {
    const baby = member({ citizenId: citizenId(2), relation: "child", birthDate: surveyedOn, birthWeightGrams: 2000 })
    expect(status(evaluate(withMembers(baby)), 1)).toBe("fail")
  })

  it("still counts a child the day before the first birthday as aged 0", () => {
    const baby = member({ relation: "child", birthDate: bornAgedLastDay(0), birthWeightGrams: 2000 })
    expect(status(evaluate(withMembers(baby)), 1)).toBe("fail")
  })

  it("no longer applies on the first birthday, whatever the birth weight", () => {
    const baby = member({ relation: "child", birthDate: bornAged(1), birthWeightGrams: 2000 })
    expect(status(evaluate(withMembers(baby)), 1)).toBe("not_applicable")
  })

  it("counts a child born on 29 February 2020 as aged 0 on 28 February 2021 and 1 on 1 March 2021", () => {
    const leap = (on: string) =>
      household({
        surveyedOn: on,
        members: [
          member({ relation: "head", citizenId: citizenId(1), birthDate: "1980-01-01" }),
          member({ relation: "child", citizenId: citizenId(2), birthDate: "2020-02-29", birthWeightGrams: 2000 })
        ]
      })
    expect(status(evaluate(leap("2021-02-28")), 1)).toBe("fail")
    expect(status(evaluate(leap("2021-03-01")), 1)).toBe("not_applicable")
  })
})

describe.each([
  [4, "hygienicFood", "health"],
  [5, "appropriateMedicineUse", "health"],
  [11, "tidyHome", "living"]
] as const)("indicator %i: household answer %s", (indicator, field, dimension) => {
  it(`passes when ${field} is true`, () => {
    expect(result(evaluate(household({ [field]: true })), indicator)).toEqual({
      indicator,
      dimension,
      status: "pass",
      members: []
    })
  })

  it(`fails when ${field} is false, naming no members`, () => {
    expect(result(evaluate(household({ [field]: false })), indicator)).toEqual({
      indicator,
      dimension,
      status: "fail",
      members: []
    })
  })

  it(`is unknown when ${field} is missing, naming no members`, () => {
    expect(result(evaluate(household({ [field]: undefined })), indicator)).toEqual({
      indicator,
      dimension,
      status: "unknown",
      members: []
    })
  })

  it(`reads ${field}: null as missing`, () => {
    expect(status(evaluate(household({ [field]: null })), indicator)).toBe("unknown")
  })
})

describe("indicator 8: secure tenure and a durable house", () => {
  it.each([
    [true, true, "pass"],
    [false, true, "fail"],
    [true, false, "fail"],
    [false, false, "fail"],
    [false, undefined, "fail"],
    [undefined, false, "fail"],
    [true, undefined, "unknown"],
    [undefined, true, "unknown"],
    [undefined, undefined, "unknown"],
    [null, true, "unknown"]
  ] as const)("with secureTenure %s and durableHouse %s is %s", (secureTenure, durableHouse, expected) => {
    const r = result(evaluate(household({ secureTenure, durableHouse })), 8)
    expect(r).toEqual({ indicator: 8, dimension: "living", status: expected, members: [] })
  })

  it("says which half failed in the reason", () => {
    expect(reason(evaluate(household({ secureTenure: false })), 8).en).toBe("indicator 8: dwelling not secure")
    expect(reason(evaluate(household({ durableHouse: false })), 8).en).toBe("indicator 8: house not durable")
    expect(reason(evaluate(household({ secureTenure: false, durableHouse: false })), 8).en).toBe(
      "indicator 8: dwelling not secure and house not durable"
    )
    expect(reason(evaluate(household({ secureTenure: false, durableHouse: false })), 8).th).toBe(
      "ข้อ 8: ไม่มั่นคงในที่อยู่อาศัย และบ้านไม่คงทนถาวร"
    )
  })
})

describe.each([
  [9, "drinkingWaterLitresPerPersonPerDay", 5],
  [10, "waterUseLitresPerPersonPerDay", 45]
] as const)("indicator %i: %s at least %i litres a person a day", (indicator, field, min) => {
  it(`passes at exactly ${min} litres`, () => {
    expect(status(evaluate(household({ [field]: min })), indicator)).toBe("pass")
  })

  it(`passes above ${min} litres`, () => {
    expect(status(evaluate(household({ [field]: min + 0.5 })), indicator)).toBe("pass")
  })

  it(`fails one litre under ${min}`, () => {
    expect(status(evaluate(household({ [field]: min - 1 })), indicator)).toBe("fail")
  })

  it(`fails a fraction of a litre under ${min}`, () => {
    expect(status(evaluate(household({ [field]: min - 0.01 })), indicator)).toBe("fail")
  })

  it("fails with no water at all", () => {
    expect(status(evaluate(household({ [field]: 0 })), indicator)).toBe("fail")
  })

  it("gives the amount to two decimals and the threshold in the reason", () => {
    expect(reason(evaluate(household({ [field]: min - 0.01 })), indicator).en).toMatch(
      new RegExp(` ${String(min - 0.01).replace(".", "\\.")} litres/person/day < ${min}$`)
    )
  })

  // Amounts are cut to hundredths, not rounded: rounded, 4.999 would read "5 … < 5".
  it("never states an amount at or above the threshold as the reason for failing", () => {
    const d = evaluate(household({ [field]: min - 0.001 }))
    expect(status(d, indicator)).toBe("fail")
    const shown = / ([\d,.]+) litres/.exec(reason(d, indicator).en)?.[1]
    expect(Number(shown)).toBeLessThan(min)
  })

  it("is unknown when the amount is missing or null", () => {
    expect(result(evaluate(household({ [field]: undefined })), indicator)).toEqual({
      indicator,
      dimension: "living",
      status: "unknown",
      members: []
    })
    expect(status(evaluate(household({ [field]: null })), indicator)).toBe("unknown")
  })
})

describe("indicator 22: yearly income per member at least 38,000 baht", () => {
  it("passes a household of one at exactly 38,000 baht", () => {
    expect(status(evaluate(household({ annualIncomeBaht: 38_000 })), 22)).toBe("pass")
  })

  it("fails indicator 22 when income per person is one baht under 38,000", () => {
    expect(status(evaluate(household({ annualIncomeBaht: 37_999 })), 22)).toBe("fail")
  })

  it("fails a household of one a satang under 38,000 baht", () => {
    expect(status(evaluate(household({ annualIncomeBaht: 37_999.99 })), 22)).toBe("fail")
  })

  it("divides the income by the number of members: 114,000 baht for 3 is exactly 38,000 and passes", () => {
    const d = evaluate(household({ annualIncomeBaht: 114_000, members: [member({ relation: "head" }), member(), member()] }))
    expect(status(d, 22)).toBe("pass")
  })

  it("fails 3 members sharing 113,999.97 baht (37,999.99 each)", () => {
    const d = evaluate(household({ annualIncomeBaht: 113_999.97, members: [member({ relation: "head" }), member(), member()] }))
    expect(status(d, 22)).toBe("fail")
  })

  it("fails a household with no income, naming no members", () => {
    expect(result(evaluate(household({ annualIncomeBaht: 0 })), 22)).toEqual({
      indicator: 22,
      dimension: "income",
      status: "fail",
      members: []
    })
  })

  it("is unknown when the income is missing or null", () => {
    expect(status(evaluate(household({ annualIncomeBaht: undefined })), 22)).toBe("unknown")
    expect(status(evaluate(household({ annualIncomeBaht: null })), 22)).toBe("unknown")
  })

  it("gives the income per person and the threshold in the reason", () => {
    const d = evaluate(household({ annualIncomeBaht: 60_000, members: [member({ relation: "head" }), member()] }))
    expect(reason(d, 22)).toEqual({
      indicator: 22,
      th: "ข้อ 22: รายได้ 30,000 บาท/คน/ปี < 38,000",
      en: "indicator 22: income 30,000 baht/person/year < 38,000"
    })
  })

  it("keeps two decimals of the income per person in the reason", () => {
    const d = evaluate(household({ annualIncomeBaht: 100_000, members: [member({ relation: "head" }), member(), member()] }))
    expect(reason(d, 22).en).toBe("indicator 22: income 33,333.33 baht/person/year < 38,000")
  })

  // Cut, not rounded: rounded, 37,999.9966 baht would read "income 38,000 … < 38,000".
  it("never states an income at or above the threshold as the reason for failing", () => {
    const d = evaluate(household({ annualIncomeBaht: 113_999.99, members: [member({ relation: "head" }), member(), member()] }))
    expect(status(d, 22)).toBe("fail")
    const shown = /income ([\d,.]+) baht/.exec(reason(d, 22).en)?.[1]
    expect(Number(shown?.replaceAll(",", ""))).toBeLessThan(38_000)
  })
})

describe("indicator 7: people aged 6 and over exercise", () => {
  it("applies from the 6th birthday, on the survey day itself", () => {
    const r = result(evaluate(withMembers(member({ citizenId: citizenId(2), birthDate: bornAged(6), exercises: false }))), 7)
    expect(r).toEqual({ indicator: 7, dimension: "health", status: "fail", members: [citizenId(2)] })
  })

  it("does not apply to a child on the last day of being 5", () => {
    const d = evaluate(household({ members: [head({ birthDate: bornAgedLastDay(5), exercises: false })] }))
    expect(status(d, 7)).toBe("not_applicable")
  })

  it("applies to the very old", () => {
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(95), exercises: false }))), 7)).toBe("fail")
  })

  it("is unknown when an in-scope member did not answer, and null counts as not answering", () => {
    const a = member({ citizenId: citizenId(3), exercises: undefined })
    const b = member({ citizenId: citizenId(2), exercises: null })
    const r = result(evaluate(withMembers(a, b)), 7)
    expect(r.status).toBe("unknown")
    expect(r.members).toEqual([citizenId(2), citizenId(3)])
  })

  it("ignores the answer of a child under 6", () => {
    const child = member({ relation: "child", birthDate: bornAged(4), exercises: false })
    expect(status(evaluate(withMembers(child)), 7)).toBe("pass")
  })
})

// A head that may be any age (indicator scopes do not look at the relation).
function head(overrides: Parameters<typeof member>[0] = {}) {
  return member({ relation: "head", citizenId: citizenId(1), ...overrides })
}

describe("indicator 15: children aged 3–5 receive preschool care", () => {
  const child = (birthDate: string) => member({ citizenId: citizenId(2), relation: "child", birthDate, preschoolCare: false })

  it("does not apply on the last day of being 2", () => {
    expect(status(evaluate(withMembers(child(bornAgedLastDay(2)))), 15)).toBe("not_applicable")
  })

  it("applies on the 3rd birthday", () => {
    expect(result(evaluate(withMembers(child(bornAged(3)))), 15)).toEqual({
      indicator: 15,
      dimension: "education",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("applies on the last day of being 5", () => {
    expect(status(evaluate(withMembers(child(bornAgedLastDay(5)))), 15)).toBe("fail")
  })

  it("does not apply from the 6th birthday", () => {
    expect(status(evaluate(withMembers(child(bornAged(6)))), 15)).toBe("not_applicable")
  })

  it("passes a 4-year-old in preschool care and is unknown without an answer", () => {
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(4), preschoolCare: true }))), 15)).toBe("pass")
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(4), preschoolCare: undefined }))), 15)).toBe("unknown")
  })

  it("moves a child born on 29 February 2016 from indicator 15 to 7 and 16 on 1 March 2022, not on 28 February", () => {
    const leap = (on: string) =>
      household({
        surveyedOn: on,
        surveyYear: 2565,
        members: [
          head({ birthDate: "1980-01-01" }),
          member({ relation: "child", birthDate: "2016-02-29", preschoolCare: false, exercises: false, compulsoryEducation: false })
        ]
      })
    const before = evaluate(leap("2022-02-28"))
    expect([status(before, 15), status(before, 7), status(before, 16)]).toEqual(["fail", "pass", "not_applicable"])
    const after = evaluate(leap("2022-03-01"))
    expect([status(after, 15), status(after, 7), status(after, 16)]).toEqual(["not_applicable", "fail", "fail"])
  })
})

describe("indicator 16: children aged 6–14 receive compulsory education", () => {
  const child = (birthDate: string) =>
    member({ citizenId: citizenId(2), relation: "child", birthDate, compulsoryEducation: false })

  it("does not apply on the last day of being 5", () => {
    expect(status(evaluate(withMembers(child(bornAgedLastDay(5)))), 16)).toBe("not_applicable")
  })

  it("applies on the 6th birthday", () => {
    expect(result(evaluate(withMembers(child(bornAged(6)))), 16)).toEqual({
      indicator: 16,
      dimension: "education",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("applies on the last day of being 14", () => {
    expect(status(evaluate(withMembers(child(bornAgedLastDay(14)))), 16)).toBe("fail")
  })

  it("does not apply from the 15th birthday", () => {
    expect(status(evaluate(withMembers(child(bornAged(15)))), 16)).toBe("not_applicable")
  })

  it("passes a 10-year-old in school and is unknown without an answer", () => {
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(10) }))), 16)).toBe("pass")
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(10), compulsoryEducation: null }))), 16)).toBe("unknown")
  })
})

describe("indicator 17: those who finished grade 9 go on to grade 10", () => {
  it("applies only to members with finishedGrade9 true", () => {
    const r = result(
      evaluate(withMembers(member({ citizenId: citizenId(2), birthDate: bornAged(16), finishedGrade9: true, continuedToGrade10: false }))),
      17
    )
    expect(r).toEqual({ indicator: 17, dimension: "education", status: "fail", members: [citizenId(2)] })
  })

  it("passes one who went on to grade 10", () => {
    expect(status(evaluate(withMembers(member({ finishedGrade9: true, continuedToGrade10: true }))), 17)).toBe("pass")
  })

  it("does not apply when finishedGrade9 is false, missing or null, even if continuedToGrade10 is false", () => {
    for (const finishedGrade9 of [false, undefined, null]) {
      expect(status(evaluate(withMembers(member({ finishedGrade9, continuedToGrade10: false }))), 17)).toBe("not_applicable")
    }
  })

  it("is unknown when one who finished grade 9 has no answer about grade 10", () => {
    const r = result(evaluate(withMembers(member({ citizenId: citizenId(2), finishedGrade9: true, continuedToGrade10: undefined }))), 17)
    expect(r.status).toBe("unknown")
    expect(r.members).toEqual([citizenId(2)])
  })

  it("does not depend on age", () => {
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(45), finishedGrade9: true, continuedToGrade10: false }))), 17)).toBe(
      "fail"
    )
  })
})

describe("indicator 19: people aged 15–59 are literate", () => {
  const person = (birthDate: string) => member({ citizenId: citizenId(2), birthDate, literate: false })

  it("does not apply on the last day of being 14", () => {
    expect(status(evaluate(withMembers(person(bornAgedLastDay(14)))), 19)).toBe("pass")
  })

  it("applies on the 15th birthday", () => {
    expect(result(evaluate(withMembers(person(bornAged(15)))), 19)).toEqual({
      indicator: 19,
      dimension: "education",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("applies on the last day of being 59", () => {
    expect(status(evaluate(withMembers(person(bornAgedLastDay(59)))), 19)).toBe("fail")
  })

  it("does not apply from the 60th birthday", () => {
    expect(status(evaluate(withMembers(person(bornAged(60)))), 19)).toBe("pass")
  })

  it("is unknown when a 30-year-old has no answer", () => {
    expect(status(evaluate(withMembers(member({ birthDate: bornAged(30), literate: undefined }))), 19)).toBe("unknown")
  })
})

describe("indicator 20: people aged 15–59 have an occupation and an income", () => {
  const person = (overrides: Parameters<typeof member>[0]) =>
    member({ citizenId: citizenId(2), hasOccupationAndIncome: false, ...overrides })

  it("fails a 30-year-old without occupation and income, naming them", () => {
    expect(result(evaluate(withMembers(person({ birthDate: bornAged(30) }))), 20)).toEqual({
      indicator: 20,
      dimension: "income",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("applies on the 15th birthday and on the last day of being 59", () => {
    expect(status(evaluate(withMembers(person({ birthDate: bornAged(15) }))), 20)).toBe("fail")
    expect(status(evaluate(withMembers(person({ birthDate: bornAgedLastDay(59) }))), 20)).toBe("fail")
  })

  it("does not apply on the last day of being 14 nor from the 60th birthday", () => {
    expect(status(evaluate(withMembers(person({ birthDate: bornAgedLastDay(14) }))), 20)).toBe("pass")
    expect(status(evaluate(withMembers(person({ birthDate: bornAged(60), unableToWork: true }))), 20)).toBe("pass")
  })

  it("excludes a student", () => {
    expect(status(evaluate(withMembers(person({ birthDate: bornAged(18), studying: true }))), 20)).toBe("pass")
  })

  it("excludes one unable to work", () => {
    expect(status(evaluate(withMembers(person({ birthDate: bornAged(40), unableToWork: true }))), 20)).toBe("pass")
  })

  it("is not applicable when the only member aged 15–59 is excluded", () => {
    const d = evaluate(household({ members: [head({ birthDate: bornAged(20), studying: true, hasOccupationAndIncome: false })] }))
    expect(status(d, 20)).toBe("not_applicable")
  })

  it("includes members whose studying and unableToWork are false or missing", () => {
    expect(status(evaluate(withMembers(person({ studying: false, unableToWork: false }))), 20)).toBe("fail")
    expect(status(evaluate(withMembers(person({ studying: undefined, unableToWork: null }))), 20)).toBe("fail")
  })
})

describe("indicator 21: people aged 60 and over have an occupation and an income", () => {
  const elder = (overrides: Parameters<typeof member>[0]) =>
    member({ citizenId: citizenId(2), relation: "parent", hasOccupationAndIncome: false, ...overrides })

  it("applies from the 60th birthday, on the survey day itself", () => {
    expect(result(evaluate(withMembers(elder({ birthDate: bornAged(60) }))), 21)).toEqual({
      indicator: 21,
      dimension: "income",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("does not apply on the last day of being 59", () => {
    const d = evaluate(withMembers(elder({ birthDate: bornAgedLastDay(59), unableToWork: true })))
    expect(status(d, 21)).toBe("not_applicable")
  })

  it("excludes one unable to work", () => {
    expect(status(evaluate(withMembers(elder({ birthDate: bornAged(80), unableToWork: true }))), 21)).toBe("not_applicable")
  })

  it("does not exclude a student aged 60 or over", () => {
    expect(status(evaluate(withMembers(elder({ birthDate: bornAged(65), studying: true }))), 21)).toBe("fail")
  })

  it("passes a 70-year-old with an occupation and is unknown without an answer", () => {
    expect(status(evaluate(withMembers(elder({ birthDate: bornAged(70), hasOccupationAndIncome: true }))), 21)).toBe("pass")
    expect(status(evaluate(withMembers(elder({ birthDate: bornAged(70), hasOccupationAndIncome: undefined }))), 21)).toBe(
      "unknown"
    )
  })
})

describe("indicator 27: older people are cared for", () => {
  const elder = (birthDate: string, caredFor: boolean | null | undefined) =>
    member({ citizenId: citizenId(2), relation: "parent", birthDate, caredFor })

  it("applies from the 60th birthday", () => {
    expect(result(evaluate(withMembers(elder(bornAged(60), false))), 27)).toEqual({
      indicator: 27,
      dimension: "access",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("does not apply on the last day of being 59", () => {
    expect(status(evaluate(withMembers(elder(bornAgedLastDay(59), false))), 27)).toBe("not_applicable")
  })

  it("still applies to an older person unable to work", () => {
    const d = evaluate(withMembers(member({ birthDate: bornAged(85), unableToWork: true, caredFor: false })))
    expect(status(d, 27)).toBe("fail")
  })

  it("passes an older person who is cared for and is unknown for a null answer", () => {
    expect(status(evaluate(withMembers(elder(bornAged(75), true))), 27)).toBe("pass")
    expect(status(evaluate(withMembers(elder(bornAged(75), null))), 27)).toBe("unknown")
  })
})

describe("indicator 28: people with disabilities are cared for", () => {
  it("applies only to members with disabled true, at any age", () => {
    const child = member({ citizenId: citizenId(2), relation: "child", birthDate: bornAged(8), disabled: true, caredFor: false })
    expect(result(evaluate(withMembers(child)), 28)).toEqual({
      indicator: 28,
      dimension: "access",
      status: "fail",
      members: [citizenId(2)]
    })
  })

  it("does not apply when disabled is false, missing or null", () => {
    for (const disabled of [false, undefined, null]) {
      expect(status(evaluate(withMembers(member({ disabled, caredFor: false }))), 28)).toBe("not_applicable")
    }
  })

  it("passes a disabled member who is cared for and is unknown without an answer", () => {
    expect(status(evaluate(withMembers(member({ disabled: true, caredFor: true }))), 28)).toBe("pass")
    expect(status(evaluate(withMembers(member({ disabled: true, caredFor: undefined }))), 28)).toBe("unknown")
  })

  it("judges an older disabled person under both 27 and 28", () => {
    const d = evaluate(withMembers(member({ birthDate: bornAged(70), disabled: true, caredFor: false })))
    expect([status(d, 27), status(d, 28)]).toEqual(["fail", "fail"])
  })
})

describe("statuses of person indicators across members", () => {
  it("fails when any in-scope member fails, naming only the failing members, sorted", () => {
    const d = evaluate(
      withMembers(
        member({ citizenId: citizenId(9), literate: false }),
        member({ citizenId: citizenId(5), literate: true }),
        member({ citizenId: citizenId(3), literate: false })
      )
    )
    expect(result(d, 19)).toEqual({
      indicator: 19,
      dimension: "education",
      status: "fail",
      members: [citizenId(3), citizenId(9)]
    })
  })

  it("lets a fail win over an unknown that comes before it", () => {
    const d = evaluate(
      withMembers(member({ citizenId: citizenId(2), literate: undefined }), member({ citizenId: citizenId(3), literate: false }))
    )
    expect(result(d, 19)).toMatchObject({ status: "fail", members: [citizenId(3)] })
  })

  it("lets a fail win over an unknown that comes after it", () => {
    const d = evaluate(
      withMembers(member({ citizenId: citizenId(3), literate: false }), member({ citizenId: citizenId(2), literate: null }))
    )
    expect(result(d, 19)).toMatchObject({ status: "fail", members: [citizenId(3)] })
  })

  it("is unknown when nothing fails but some are unanswered, naming the unanswered, sorted", () => {
    const d = evaluate(
      withMembers(
        member({ citizenId: citizenId(8), literate: undefined }),
        member({ citizenId: citizenId(4), literate: true }),
        member({ citizenId: citizenId(2), literate: null })
      )
    )
    expect(result(d, 19)).toEqual({
      indicator: 19,
      dimension: "education",
      status: "unknown",
      members: [citizenId(2), citizenId(8)]
    })
  })

  it("passes with no members named when every in-scope member passes", () => {
    expect(result(evaluate(withMembers(member(), member())), 19)).toEqual({
      indicator: 19,
      dimension: "education",
      status: "pass",
      members: []
    })
  })

  it("is not applicable with no members named when nobody is in scope", () => {
    expect(result(evaluate(household()), 27)).toEqual({ indicator: 27, dimension: "access", status: "not_applicable", members: [] })
  })

  it("does not count an unknown as a deprivation", () => {
    const d = evaluate(withMembers(member({ literate: undefined })))
    expect(status(d, 19)).toBe("unknown")
    expect(d.failedDimensions).toEqual([])
    expect(d.reasons).toEqual([])
    expect(d.surveyPoor).toBe(false)
  })
})

describe("age in completed years", () => {
  // indicators.md says "a person born on 2010-03-15 is 11 on 2021-03-14 and 12 on
  // 2021-03-15", which contradicts "age in completed years" and "members with age = 0"
  // for newborns. The code follows completed years: 10 on 2021-03-14, 11 on 2021-03-15.
  it("takes a person born 2010-03-15 to be 10 on 2021-03-14 and 11 on 2021-03-15 (completed years, not the example sentence of indicators.md)", () => {
    expect(CalendarDate.ageOn("2010-03-15", "2021-03-14")).toBe(10)
    expect(CalendarDate.ageOn("2010-03-15", "2021-03-15")).toBe(11)
    const on = (surveyDay: string, birthDate: string) =>
      evaluate(
        household({
          surveyedOn: surveyDay,
          members: [
            head({ birthDate: "1980-01-01" }),
            member({ birthDate, birthWeightGrams: 2000, compulsoryEducation: false, literate: false })
          ]
        })
      )
    // Born 2006-03-15: 14 the day before the birthday (16 applies, 19 not), 15 on it.
    expect([status(on("2021-03-14", "2006-03-15"), 16), status(on("2021-03-14", "2006-03-15"), 19)]).toEqual(["fail", "pass"])
    expect([status(on("2021-03-15", "2006-03-15"), 16), status(on("2021-03-15", "2006-03-15"), 19)]).toEqual([
      "not_applicable",
      "fail"
    ])
    // Born 2020-03-15: still a newborn (age 0, indicator 1 applies) on 2021-03-14.
    expect(status(on("2021-03-14", "2020-03-15"), 1)).toBe("fail")
    expect(status(on("2021-03-15", "2020-03-15"), 1)).toBe("not_applicable")
  })
})

describe("tpmap-2565 against a plain reading of indicators.md", () => {
  const parameters = fc.record({
    minBirthWeightGrams: fc.constantFrom(2500, 3000),
    minDrinkingWaterLitres: fc.constantFrom(5, 8),
    minWaterUseLitres: fc.constantFrom(45, 60),
    minAnnualIncomePerPersonBaht: fc.constantFrom(38_000, 30_000),
    k: fc.constantFrom(0.2, 0.4, 0.6, 0.8, 1)
  })

  it("reaches the same statuses, members, dimensions, score, survey-poor and target on random records", () => {
    fc.assert(
      fc.property(fc.oneof(record, passingRecord), parameters, (input, p) => {
        const r = valid(clone(input))
        const ruleSet = RuleSet.withParameters(RuleSet.tpmap2565, p)
        const { reasonsFor, ...expected } = Reference.decision(r, p)
        const { reasons, ruleSet: key, ...actual } = RuleSet.evaluate(ruleSet, r)
        expect(actual).toEqual(expected)
        expect(reasons.map((x) => x.indicator)).toEqual(reasonsFor)
        expect(key).toBe(ruleSet.key)
      }),
      { numRuns: 1000 }
    )
  })

  it("agrees on every household of a long run through one rule set, whatever came before", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(record, passingRecord), { minLength: 20, maxLength: 60 }), (inputs) => {
        const decisions = inputs.map((input) => RuleSet.evaluate(RuleSet.tpmap2565, valid(clone(input))))
        decisions.forEach((d, i) => {
          expect(d.indicators).toEqual(Reference.indicators(valid(clone(inputs[i]!)), RuleSet.tpmap2565.parameters))
        })
      }),
      { numRuns: 20 }
    )
  })
})

describe("tpmap-2565 across every mix of member groups and missing household answers", () => {
  // Households in which nobody is named share their results; every pattern of statuses
  // must still come out as its own, whatever was evaluated before it.
  const groups = [
    { birthDate: "2021-01-01", birthWeightGrams: 3000 }, // newborn: 1
    { birthDate: bornAged(4) }, // 15
    { birthDate: bornAged(10) }, // 7, 16
    { birthDate: bornAged(30) }, // 7, 19, 20
    { birthDate: bornAged(17), studying: true }, // 7, 19
    { birthDate: bornAged(70) }, // 7, 21, 27
    { birthDate: bornAged(80), unableToWork: true }, // 7, 27
    { birthDate: bornAged(16), studying: true, finishedGrade9: true }, // 7, 17, 19
    { birthDate: bornAged(4), disabled: true } // 15, 28
  ] as const
  const householdAnswers = [
    "hygienicFood",
    "appropriateMedicineUse",
    "secureTenure",
    "drinkingWaterLitresPerPersonPerDay",
    "waterUseLitresPerPersonPerDay",
    "tidyHome",
    "annualIncomeBaht"
  ] as const

  it("matches the plain reading of indicators.md for each of them", () => {
    const mixes = Array.from({ length: (1 << groups.length) - 1 }, (_, i) => i + 1).map((bits) =>
      groups
        .filter((_, g) => (bits & (1 << g)) !== 0)
        .map((g, i) => member({ citizenId: citizenId(i + 1), relation: i === 0 ? "head" : "relative", ...g }))
    )
    let compared = 0
    for (const members of mixes) {
      for (let missing = 0; missing < 1 << householdAnswers.length; missing++) {
        const input = household({ members })
        householdAnswers.forEach((field, i) => {
          if ((missing & (1 << i)) !== 0) delete (input as Partial<typeof input>)[field]
        })
        const r = valid(input)
        const actual = RuleSet.evaluate(RuleSet.tpmap2565, r).indicators.map((x) => x.status).join()
        const expected = Reference.indicators(r, RuleSet.tpmap2565.parameters).map((x) => x.status).join()
        if (actual !== expected) expect(`${compared}: ${actual}`).toBe(`${compared}: ${expected}`)
        compared++
      }
    }
    expect(compared).toBe(511 * 128)
  })
})
