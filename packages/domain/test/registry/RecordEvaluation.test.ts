import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CitizenId, Decision, RecordEvaluation, RuleSet } from "../../src/index.js"
import { record } from "../arbitraries.js"
import { citizenId, evaluate, head, household, member } from "../fixtures.js"

const district = { id: "dc-3301", role: "districtCentre" as const, scope: ["3301"] }
const officer = { id: "ao-1", role: "agencyOfficer" as const, scope: [""] }
const options = { ruleSet: RuleSet.tpmap2565, unmask: false, limit: 3 }

// A household with a child out of school: a member behind a failed indicator.
const poor = household({
  annualIncomeBaht: 20000,
  members: [head({ citizenId: citizenId(1001) }), member({ citizenId: citizenId(5001), birthDate: "2012-01-01", relation: "child", compulsoryEducation: false })]
})

const memberIds = (d: Decision.Decision) => d.indicators.flatMap((r) => r.members)

describe("RecordEvaluation.decide", () => {
  it("decides one record as the rules do, the members' citizen IDs masked", () => {
    const decided = Either.getOrThrow(RecordEvaluation.decide(district, poor, options)) as Decision.Decision
    expect(decided).toEqual(Decision.masked(evaluate(poor)))
    expect(memberIds(decided)).toEqual([CitizenId.mask(citizenId(5001))])
    expect(memberIds(decided).every((id) => /^x{9}\d{4}$/.test(id))).toBe(true)
  })

  it("gives the citizen IDs in full to a role that may unmask and asks to, and refuses a role that may not", () => {
    const decided = Either.getOrThrow(RecordEvaluation.decide(district, poor, { ...options, unmask: true })) as Decision.Decision
    expect(memberIds(decided)).toEqual([citizenId(5001)])
    const refused = RecordEvaluation.decide(officer, poor, { ...options, unmask: true })
    expect(Either.isLeft(refused) && refused.left._tag === "NotPermitted" && refused.left.action === "unmask").toBe(true)
    // masked, the same officer may read
    expect(Either.isRight(RecordEvaluation.decide(officer, poor, options))).toBe(true)
  })

  it("names the first record at fault by its place in the array, and refuses more records than the limit", () => {
    const bad = { ...poor, houseCode: undefined }
    const refused = RecordEvaluation.decide(district, [poor, bad], options)
    expect(Either.isLeft(refused) && refused.left._tag === "InvalidRecord" && refused.left.path).toBe("[1].houseCode")
    const alone = RecordEvaluation.decide(district, bad, options)
    expect(Either.isLeft(alone) && alone.left._tag === "InvalidRecord" && alone.left.path).toBe("houseCode")
    const many = RecordEvaluation.decide(district, [poor, poor, poor, poor], options)
    expect(Either.isLeft(many) && many.left._tag === "InvalidRecord" && many.left.reason).toBe("holds 4 records; at most 3 in one request")
  })

  it("decides an array as it decides each of its records, in order, and names their house codes", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 0, maxLength: 3 }), fc.boolean(), (records, unmask) => {
        const decided = Either.getOrThrow(RecordEvaluation.decide(district, records, { ...options, unmask }))
        const each = records.map((r) => Either.getOrThrow(RecordEvaluation.decide(district, r, { ...options, unmask })))
        expect(decided).toEqual(each)
        expect(RecordEvaluation.houseCodes(decided)).toEqual(records.map((r) => r.houseCode))
      }),
      { numRuns: 100 }
    )
  })
})
