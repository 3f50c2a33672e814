import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CalendarDate, Decision, ProgramRule, RuleSet, SurveyRecord } from "../../src/index.js"
import * as Arbitraries from "../arbitraries.js"
import { bornAged, citizenId, evaluate, household, member, valid, withMembers } from "../fixtures.js"

const compiled = (unit: ProgramRule.Unit, where: string) => Either.getOrThrow(ProgramRule.compile(unit, where))
const refusal = (unit: ProgramRule.Unit, where: string) => {
  const r = ProgramRule.compile(unit, where)
  if (Either.isRight(r)) throw new Error(`expected ${where} to be refused`)
  return r.left
}
const select = (unit: ProgramRule.Unit, where: string, input: unknown) => {
  const record = valid(input)
  return ProgramRule.selector(compiled(unit, where))(record, evaluate(record))
}

const scoutRule = 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions'

// A poor household: income 20,000 baht a person a year fails indicator 22, welfare card verified.
const poor = (...others: ReturnType<typeof member>[]) =>
  household({ welfareCard: "verified", annualIncomeBaht: 20_000 * (others.length + 1), members: [member({ relation: "head", citizenId: citizenId(1) }), ...others] })

describe("ProgramRule.compile", () => {
  it("refuses a rule that does not parse, with its line, column and reason", () => {
    const e = refusal("member", "member.age >=")
    expect(e._tag).toBe("RuleRefused")
    expect(e).toMatchObject({ line: 1, column: 14 })
    expect(e.reason).toMatch(/Unexpected/)
  })

  it("refuses an unknown field of a variable at the field, on its line", () => {
    const e = refusal("member", "member.age >= 6 &&\n  member.carredFor")
    expect(e).toMatchObject({ line: 2, column: 10 })
    expect(e.reason).toContain("carredFor")
    expect(e.message).toContain("line 2, column 10")
  })

  it("refuses an unknown variable, and `member` in a household rule", () => {
    expect(refusal("household", "person.age > 3").reason).toContain("person")
    expect(refusal("household", "member.age > 3").reason).toContain("member")
    expect(Either.isRight(ProgramRule.compile("member", "member.age > 3"))).toBe(true)
  })

  it("refuses a rule that is not a condition, an empty rule and a type error", () => {
    expect(refusal("household", "household.size + 1").reason).toContain("bool")
    expect(refusal("household", "   ").reason).toBe("the rule is empty")
    expect(refusal("household", 'household.size + "x" > 1').reason).toMatch(/overload/)
    expect(refusal("household", "x".repeat(ProgramRule.maxLength + 1)).reason).toContain("longer")
  })

  it("offers every field of the survey record, as the record names them, and nothing it lacks", () => {
    const recordFields = Object.keys(SurveyRecord.Member.fields)
    expect(Object.keys(ProgramRule.variables.member).filter((f) => f !== "age").sort()).toEqual([...recordFields].sort())
    const householdFields = Object.keys(household()).filter((f) => f !== "members")
    for (const f of householdFields) expect(ProgramRule.variables.household).toHaveProperty(f)
    expect(Object.keys(ProgramRule.variables.household)).toHaveLength(16)
  })
})

describe("ProgramRule.selector", () => {
  it("selects school-age members of target households failing the income dimension", () => {
    const child7 = member({ relation: "child", birthDate: bornAged(7) })
    const child16 = member({ relation: "child", birthDate: bornAged(16) })
    const child15 = member({ relation: "child", birthDate: bornAged(15) })
    const s = select("member", scoutRule, poor(child7, child16, child15))
    expect(s).toMatchObject({ selected: true, members: [1, 3], errors: 0 })
    // the same household with ample income is not in the program
    const rich = household({ welfareCard: "verified", members: [member({ relation: "head" }), child7] })
    expect(select("member", scoutRule, rich)).toMatchObject({ selected: false, members: [], errors: 0 })
  })

  it("computes age in completed years on surveyedOn, as the rules do", () => {
    const record = valid(withMembers(member({ birthDate: "2010-06-16" })))
    expect(ProgramRule.memberOf(record, 1)["age"]).toBe(10n)
    expect(ProgramRule.memberOf(record, 1)["age"]).toBe(BigInt(CalendarDate.ageOn("2010-06-16", record.surveyedOn)))
  })

  it("reads an absent answer as an absent field: has() is false, reading it is a counted error", () => {
    const input = withMembers(member({ caredFor: undefined }))
    expect(select("member", "!has(member.caredFor)", input)).toMatchObject({ selected: true, members: [1], errors: 0 })
    const s = select("member", "member.caredFor", input)
    expect(s).toMatchObject({ selected: true, members: [0], errors: 1 })
    expect(s.error).toBe("household 33010000001, member 2: No such key: caredFor")
  })

  it("gives the household size, income per person and survey year as numbers of the right kind", () => {
    const input = household({ annualIncomeBaht: 90_000, members: [member({ relation: "head" }), member(), member()] })
    expect(select("household", "household.size == 3 && household.incomePerPersonBaht == 30000.0 && household.surveyYear == 2564", input).selected).toBe(true)
    const noIncome = household({ annualIncomeBaht: undefined })
    expect(select("household", "!has(household.incomePerPersonBaht)", noIncome).selected).toBe(true)
  })

  it("gives the decision's failed indicators ascending and its dimensions in the rules' order", () => {
    const input = poor(member({ relation: "child", birthDate: bornAged(8), compulsoryEducation: false }))
    const record = valid(input)
    const d = ProgramRule.decisionOf(evaluate(record))
    expect(d["failedIndicators"]).toEqual([16n, 22n])
    expect(d["failedDimensions"]).toEqual(["education", "income"])
    expect(select("household", "22 in decision.failedIndicators && decision.deprivationScore >= 0.4 && decision.surveyPoor", input).selected).toBe(true)
  })

  it("selects every member of a selected household under a household rule", () => {
    const s = select("household", 'household.welfareCard == "verified"', poor(member(), member()))
    expect(s).toMatchObject({ selected: true, members: [0, 1, 2], errors: 0 })
  })

  it("counts a household without a stored decision as an error, selecting nothing", () => {
    const record = valid(household())
    const s = ProgramRule.selector(compiled("member", "member.age > 0"))(record, undefined)
    expect(s).toMatchObject({ selected: false, errors: 1 })
    expect(s.error).toContain("no stored decision")
  })

  it("agrees with the same rule written in TypeScript on any record (property)", () => {
    const rule = ProgramRule.selector(compiled("member", scoutRule))
    fc.assert(
      fc.property(Arbitraries.record, (input) => {
        const record = valid(input)
        const decision = evaluate(record)
        const expected = record.members.flatMap((m, i) => {
          const age = CalendarDate.ageOn(m.birthDate, record.surveyedOn)
          return age >= 6 && age <= 15 && decision.target && Decision.fails(decision, "income") ? [i] : []
        })
        const s = rule(record, decision)
        expect(s.errors).toBe(0)
        expect([...s.members]).toEqual(expected)
        expect(s.selected).toBe(expected.length > 0)
      }),
      { numRuns: 300 }
    )
  })

  it("never errors on has() guards and counts an error for each member whose answer is absent (property)", () => {
    const guarded = ProgramRule.selector(compiled("member", "has(member.literate) && member.literate"))
    const unguarded = ProgramRule.selector(compiled("member", "member.literate"))
    fc.assert(
      fc.property(Arbitraries.record, (input) => {
        const record = valid(input)
        const decision = RuleSet.evaluate(RuleSet.tpmap2565, record)
        const absent = record.members.filter((m) => m.literate === undefined).length
        const g = guarded(record, decision)
        const u = unguarded(record, decision)
        expect(g.errors).toBe(0)
        expect(u.errors).toBe(absent)
        expect([...u.members]).toEqual([...g.members])
      }),
      { numRuns: 200 }
    )
  })
})
