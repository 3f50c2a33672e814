import { CalendarDate, CitizenId, SurveyRecord } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { generate, type SurveyRecordJson } from "../src/index.js"

const sisaket = (households: number, seed = 1, offset = 0): Array<SurveyRecordJson> => [
  ...generate({ province: "33", households, seed, offset })
]

// One run shared by the checks that read every record.
const run = sisaket(20_000, 42)

describe("generate", () => {
  it("gives byte-identical output for the same seed", () => {
    expect(JSON.stringify(sisaket(2_000, 7))).toBe(JSON.stringify(sisaket(2_000, 7)))
  })

  it("gives different output for a different seed", () => {
    const a = sisaket(200, 7)
    const b = sisaket(200, 8)
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
    // not just a shuffle: the people differ
    const ids = new Set(a.flatMap((r) => r.members.map((m) => m.citizenId)))
    expect(b.flatMap((r) => r.members).filter((m) => ids.has(m.citizenId)).length).toBeLessThan(5)
  })

  it("yields exactly the requested number of households", () => {
    expect(run).toHaveLength(20_000)
    expect(sisaket(0)).toEqual([])
    expect(sisaket(1)).toHaveLength(1)
  })

  it("makes household n the same whatever the offset, so slices join up", () => {
    const whole = JSON.stringify(sisaket(300, 3))
    const slices = [sisaket(120, 3, 0), sisaket(100, 3, 120), sisaket(80, 3, 220)].flat()
    expect(JSON.stringify(slices)).toBe(whole)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 100_000 }), (seed, offset) => {
        const tail = [...generate({ province: "33", households: 2, seed, offset })]
        const longer = [...generate({ province: "33", households: 3, seed, offset: offset - 1 })].slice(1)
        expect(tail).toEqual(longer)
      }),
      { numRuns: 50 }
    )
  })

  it("writes records the domain accepts", () => {
    const rejected = run.flatMap((record) => {
      const decoded = SurveyRecord.decode(record)
      return decoded._tag === "Left" ? [`${record.houseCode}: ${decoded.left.message}`] : []
    })
    expect(rejected).toEqual([])
  })

  it("numbers houses uniquely across the province, under the district's registration office", () => {
    const misnumbered = run.filter((r) => !/^\d{11}$/.test(r.houseCode) || !r.houseCode.startsWith(r.villageCode.slice(0, 4)))
    expect(misnumbered.map((r) => [r.houseCode, r.villageCode])).toEqual([])
    expect(new Set(run.map((r) => r.houseCode)).size).toBe(run.length)
  })

  it("gives every person a unique citizen ID with a valid check digit", () => {
    const people = run.flatMap((r) => r.members)
    expect(people.filter((m) => !CitizenId.isValid(m.citizenId)).map((m) => m.citizenId)).toEqual([])
    // person type 1 for those born since 1984, 3 for those registered before
    expect(people.filter((m) => m.citizenId[0] !== (m.birthDate < "1984" ? "3" : "1"))).toEqual([])
    expect(new Set(people.map((m) => m.citizenId)).size).toBe(people.length)
  })

  it("gives every household exactly one head and 1 to 9 members", () => {
    const heads = (r: SurveyRecordJson) => r.members.filter((m) => m.relation === "head").length
    expect(run.filter((r) => heads(r) !== 1).map((r) => r.houseCode)).toEqual([])
    expect(run.filter((r) => r.members.length < 1 || r.members.length > 9).map((r) => r.houseCode)).toEqual([])
    expect(new Set(run.map((r) => r.members.length)).size).toBe(9)
  })

  it("interviews between 15 January and 30 April 2021 for round 2564, everyone born by then", () => {
    const days = run.map((r) => r.surveyedOn)
    expect(run.every((r) => r.surveyYear === 2564)).toBe(true)
    expect(days.filter((d) => CalendarDate.problem(d) !== undefined || d < "2021-01-15" || d > "2021-04-30")).toEqual([])
    expect([...days].sort()[0]).toBe("2021-01-15")
    expect([...days].sort().at(-1)).toBe("2021-04-30")
    const births = run.flatMap((r) => r.members.map((m) => ({ born: m.birthDate, surveyedOn: r.surveyedOn })))
    expect(births.filter((b) => CalendarDate.problem(b.born) !== undefined || b.born > b.surveyedOn)).toEqual([])
    const [later] = generate({ province: "33", households: 1, seed: 1, surveyYear: 2567 })
    expect(later?.surveyedOn.startsWith("2024-")).toBe(true)
  })

  it("places households in villages of existing subdistricts of the requested province", () => {
    const villages = new Set(run.map((r) => r.villageCode))
    const misplaced = [...villages].filter(
      (v) =>
        !/^33\d{6}$/.test(v) ||
        Geography.lookup(v.slice(0, 6))?.level !== "subdistrict" ||
        Number(v.slice(6)) < 1 ||
        Number(v.slice(6)) > 15
    )
    expect(misplaced).toEqual([])
    // spread over the province: all 22 districts and most of the ~2,600 villages
    expect(new Set([...villages].map((v) => v.slice(0, 4))).size).toBe(22)
    expect(villages.size).toBeGreaterThan(2_000)
    const [bangkok] = generate({ province: "10", households: 1, seed: 1 })
    expect(bangkok?.villageCode.startsWith("10")).toBe(true)
  })

  it("refuses an unknown province and impossible counts before yielding anything", () => {
    expect(() => generate({ province: "99", households: 1, seed: 1 })).toThrow(RangeError)
    expect(() => generate({ province: "3301", households: 1, seed: 1 })).toThrow(RangeError)
    expect(() => generate({ province: "33", households: -1, seed: 1 })).toThrow(RangeError)
    expect(() => generate({ province: "33", households: 1.5, seed: 1 })).toThrow(RangeError)
    expect(() => generate({ province: "33", households: 1, seed: 1, offset: -3 })).toThrow(RangeError)
    // more households than 7-digit district numbers allow
    expect(() => generate({ province: "33", households: 100_000_000, seed: 1 })).toThrow(RangeError)
  })
})
