import { CalendarDate, RuleSet, SurveyRecord } from "@phungpao/domain"
import { describe, expect, it } from "vitest"
import { generate } from "../src/index.js"

const households = 20_000
const run = [...generate({ province: "33", households, seed: 2564 })]
const decisions = run.map((record) => {
  const decoded = SurveyRecord.decode(record)
  if (decoded._tag === "Left") throw new Error(decoded.left.message)
  return RuleSet.evaluate(RuleSet.tpmap2565, decoded.right)
})
const share = (count: number, of = households) => count / of
const people = run.flatMap((record) =>
  record.members.map((member) => ({ member, age: CalendarDate.ageOn(member.birthDate, record.surveyedOn) }))
)

describe("a synthetic Sisaket under rule set tpmap-2565", () => {
  it("has 6–20 % survey-poor households and 2–6 % targets", () => {
    expect(share(decisions.filter((d) => d.surveyPoor).length)).toBeGreaterThanOrEqual(0.06)
    expect(share(decisions.filter((d) => d.surveyPoor).length)).toBeLessThanOrEqual(0.2)
    expect(share(decisions.filter((d) => d.target).length)).toBeGreaterThanOrEqual(0.02)
    expect(share(decisions.filter((d) => d.target).length)).toBeLessThanOrEqual(0.06)
  })

  it("puts 5–8 % of households under 38,000 baht a person a year", () => {
    const poor = run.filter((r) => r.annualIncomeBaht !== undefined && r.annualIncomeBaht / r.members.length < 38_000)
    expect(share(poor.length)).toBeGreaterThanOrEqual(0.05)
    expect(share(poor.length)).toBeLessThanOrEqual(0.08)
  })

  it("fails every indicator somewhere, none of them often, and income most", () => {
    const failing = new Map<number, number>()
    for (const d of decisions) {
      for (const i of d.indicators) if (i.status === "fail") failing.set(i.indicator, (failing.get(i.indicator) ?? 0) + 1)
    }
    expect([...failing.keys()].sort((a, b) => a - b)).toEqual([1, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 19, 20, 21, 22, 27, 28])
    for (const [indicator, count] of failing) if (indicator !== 22) expect(share(count)).toBeLessThan(0.03)
    expect(Math.max(...failing.values())).toBe(failing.get(22))
  })

  it("leaves a few answers blank, so that some statuses are unknown", () => {
    const unknown = decisions.filter((d) => d.indicators.some((i) => i.status === "unknown")).length
    expect(share(unknown)).toBeGreaterThan(0.001)
    expect(share(unknown)).toBeLessThan(0.01)
  })

  it("verifies welfare cards more often in poorer households", () => {
    const verified = (rows: typeof run) => share(rows.filter((r) => r.welfareCard === "verified").length, rows.length)
    const perPerson = (r: (typeof run)[number]) => (r.annualIncomeBaht ?? 0) / r.members.length
    expect(verified(run.filter((r) => perPerson(r) < 38_000))).toBeGreaterThan(2 * verified(run.filter((r) => perPerson(r) >= 100_000)))
  })

  it("has rural household sizes (mean about 3.1) and an ageing population", () => {
    expect(people.length / households).toBeGreaterThan(2.9)
    expect(people.length / households).toBeLessThan(3.3)
    const aged = (from: number, to: number) => share(people.filter((p) => p.age >= from && p.age <= to).length, people.length)
    expect(aged(0, 14)).toBeLessThan(0.22)
    expect(aged(40, 69)).toBeGreaterThan(0.35)
    expect(aged(60, 200)).toBeGreaterThan(0.15)
    expect(aged(40, 69)).toBeGreaterThan(2 * aged(0, 14))
  })

  it("registers 2–3 % of people as disabled and titles people by age and sex", () => {
    expect(share(people.filter((p) => p.member.disabled === true).length, people.length)).toBeGreaterThan(0.02)
    expect(share(people.filter((p) => p.member.disabled === true).length, people.length)).toBeLessThan(0.03)
    const titled = ({ member, age }: (typeof people)[number]) =>
      age < 15
        ? member.title === (member.sex === "male" ? "เด็กชาย" : "เด็กหญิง")
        : member.sex === "male"
          ? member.title === "นาย"
          : member.title === "นาง" || member.title === "นางสาว"
    expect(people.filter((p) => !titled(p))).toEqual([])
  })

  it("asks each question only of the people it applies to", () => {
    const askedWrongly = people.filter(
      ({ member: m, age }) =>
        (m.birthWeightGrams !== undefined && age !== 0) ||
        (m.preschoolCare !== undefined && (age < 3 || age > 5)) ||
        (m.compulsoryEducation !== undefined && (age < 6 || age > 14)) ||
        (m.finishedGrade9 !== undefined && age !== 15 && age !== 16) ||
        (m.continuedToGrade10 !== undefined && m.finishedGrade9 !== true) ||
        (m.literate !== undefined && (age < 15 || age > 59))
    )
    expect(askedWrongly).toEqual([])
    expect(people.some(({ member }) => member.birthWeightGrams !== undefined)).toBe(true)
    expect(people.some(({ member }) => member.continuedToGrade10 !== undefined)).toBe(true)
  })
})
