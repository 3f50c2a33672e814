import { describe, expect, it } from "vitest"
import { Agency, Organisation, Problem } from "../../src/index.js"
import { decision, house1, mentorTeam, problem } from "../journeyFixtures.js"

describe("Problem.failed and open", () => {
  it("makes one problem of each failed indicator, in the rule set's order", () => {
    const failed = Problem.failed(decision(house1, [23, 8]))
    expect(failed).toEqual([{ indicator: 8, dimension: "living" }, { indicator: 23, dimension: "income" }])
    expect(Problem.open(house1, failed, "2022-08-02" as never)).toEqual([
      { houseCode: house1, indicator: 8, dimension: "living", openedOn: "2022-08-02" },
      { houseCode: house1, indicator: 23, dimension: "income", openedOn: "2022-08-02" }
    ])
  })

  it("finds the problems a later decision passes, not the ones still failing or unknown", () => {
    const later = decision(house1, [23])
    const unknown = { ...later, indicators: later.indicators.map((r) => (r.indicator === 21 ? { ...r, status: "unknown" as const } : r)) }
    expect(Problem.passingIn([problem(8), problem(21), problem(23)], unknown).map((p) => p.indicator)).toEqual([8])
  })

  it("closes with resolved, self-resolved and cannot resolve only", () => {
    expect(Problem.closedStatuses.every(Problem.isClosed)).toBe(true)
    expect(["identified", "inProgress", "assisted"].some((s) => Problem.isClosed(s as Problem.Status))).toBe(false)
  })
})

describe("Organisation.assignable", () => {
  it("takes a mentor team for a household in its area only", () => {
    expect(Organisation.assignable(mentorTeam, "33010101")).toBeUndefined()
    expect(Organisation.assignable(mentorTeam, "33010201")).toMatchObject({ _tag: "TeamOutsideArea", teamId: "mentor-330101", villageCode: "33010201" })
    expect(Organisation.assignable({ ...mentorTeam, kind: "subdistrictOperation" }, "33010101")).toMatchObject({ _tag: "NotMentorTeam" })
  })
})

describe("Agency.seed", () => {
  it("has the provincial offices with Thai and English names and unique codes", () => {
    const codes = Agency.seed.map((a) => a.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of ["cdd", "sdhs", "health", "education", "labour", "agriculture", "local-government"]) expect(codes).toContain(code)
    expect(Agency.find(Agency.seed, "sdhs")?.abbreviationTh).toBe("พมจ.")
  })
})
