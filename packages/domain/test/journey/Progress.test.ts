import { describe, expect, it } from "vitest"
import { type Journey, Progress } from "../../src/index.js"
import { action, agreed, analysed, date, entry, facts, household, problem, verified, visit } from "../journeyFixtures.js"

const planned = (houseCode: string, villageCode: string) =>
  household({ houseCode: houseCode as never, villageCode: villageCode as never, verification: verified, analysis: analysed, agreement: agreed })

/** A solved household: one problem, helped on 12 August and confirmed on `confirmedOn`. */
const solvedHouse = (houseCode: string, villageCode: string, confirmedOn: string): Journey.Facts =>
  facts({
    household: planned(houseCode, villageCode),
    problems: [problem(8, { houseCode })],
    entries: [entry(Number(houseCode.slice(-3)), { houseCode: houseCode as never, villageCode: villageCode as never, problems: [8] })],
    visits: [visit(1, confirmedOn, { houseCode: houseCode as never, confirms: [8] })]
  })

const waiting = (houseCode: string, villageCode: string): Journey.Facts =>
  facts({ household: household({ houseCode: houseCode as never, villageCode: villageCode as never }) })

describe("Progress.summarise and count", () => {
  it("counts households cumulatively by step and problems by status", () => {
    const c = Progress.count([solvedHouse("33010100001", "33010101", "2022-08-20"), waiting("33010100002", "33010101")].map(Progress.summarise))
    expect(c.households).toEqual({ targets: 2, verified: 1, analysed: 1, planned: 1, helped: 1, integrated: 1, followedUp: 1, withHelp: 1, noHelp: 1, solved: 1 })
    expect(c.problems).toMatchObject({ total: 1, resolved: 1, closed: 1, identified: 0 })
  })
})

describe("Progress.byArea", () => {
  it("rolls villages up to the province, each level adding up to the one above", () => {
    const all = [
      solvedHouse("33010100001", "33010101", "2022-08-20"),
      waiting("33010100002", "33010102"),
      waiting("33020100003", "33020101")
    ].map(Progress.summarise)
    const areas = Progress.byArea(all)
    expect(areas.map((a) => `${a.level}:${a.code}`)).toEqual([
      "province:33",
      "district:3301",
      "subdistrict:330101",
      "village:33010101",
      "village:33010102",
      "district:3302",
      "subdistrict:330201",
      "village:33020101"
    ])
    const targets = (code: string) => areas.find((a) => a.code === code)?.counts.households.targets
    expect(targets("33")).toBe(3)
    expect(targets("3301")).toBe(2)
    expect(areas.find((a) => a.code === "3301")?.counts.households.solved).toBe(1)
  })

  it("starts at the level asked for", () => {
    expect(Progress.byArea([Progress.summarise(waiting("33010100002", "33010102"))], "subdistrict").map((a) => a.code)).toEqual(["330101", "33010102"])
  })
})

describe("Progress.deadline", () => {
  it("is the end of the fiscal year unless the province set one for the district", () => {
    expect(Progress.deadline([], "3301", date("2022-08-10"))).toBe("2022-09-30")
    expect(Progress.deadline([], "3301", date("2022-10-01"))).toBe("2023-09-30")
    const set = [{ district: "3301", due: date("2022-09-15"), setBy: "pc", setAt: "x" }]
    expect(Progress.deadline(set, "3301", date("2022-08-10"))).toBe("2022-09-15")
    expect(Progress.deadline(set, "3302", date("2022-08-10"))).toBe("2022-09-30")
  })
})

describe("Progress.burnDown", () => {
  it("counts open households on each date against a straight line to zero at the deadline, nothing after today", () => {
    const district = [
      solvedHouse("33010100001", "33010101", "2022-08-20"),
      solvedHouse("33010100002", "33010101", "2022-09-05"),
      waiting("33010100003", "33010101"),
      waiting("33010100004", "33010101")
    ]
    const points = Progress.burnDown(district, { from: date("2022-08-01"), deadline: date("2022-09-30"), today: date("2022-09-10"), every: 14 })
    expect(points).toEqual([
      { date: "2022-08-01", open: 4, ideal: 4 },
      { date: "2022-08-15", open: 4, ideal: 3 },
      { date: "2022-08-29", open: 3, ideal: 2 },
      { date: "2022-09-12", open: undefined, ideal: 1 },
      { date: "2022-09-26", open: undefined, ideal: 0 },
      { date: "2022-09-30", open: undefined, ideal: 0 }
    ])
  })
})

describe("Progress.overdue and noHelp", () => {
  it("lists live actions past due, the latest first", () => {
    const f = facts({
      household: planned("33010100001", "33010101"),
      problems: [problem(8), problem(23)],
      actions: [action(1, [8], { due: date("2022-08-01") }), action(2, [23], { due: date("2022-07-01") }), action(3, [8], { due: date("2022-07-01"), status: "done" })]
    })
    const late = Progress.overdue([f], date("2022-08-10"))
    expect(late.map((o) => [o.action.id, o.daysLate])).toEqual([["A-2", 40], ["A-1", 9]])
  })

  it("lists target households with no standing help that are not solved", () => {
    const reversedOnly = facts({
      household: planned("33010100005", "33010101"),
      problems: [problem(8, { houseCode: "33010100005" })],
      entries: [entry(1, { houseCode: "33010100005" as never }), entry(2, { houseCode: "33010100005" as never, reverses: "L-1" as never, value: -50000 as never })]
    })
    const none = Progress.noHelp([solvedHouse("33010100001", "33010101", "2022-08-20"), waiting("33010100002", "33010101"), reversedOnly])
    expect(none.map((s) => s.houseCode)).toEqual(["33010100002", "33010100005"])
  })
})

describe("Progress.list, toDepth and published", () => {
  const all = [
    solvedHouse("33010100001", "33010101", "2022-08-20"),
    waiting("33010100002", "33010102"),
    facts({ household: household({ houseCode: "33020100003" as never, villageCode: "33020101" as never, failed: [{ indicator: 20, dimension: "income" }], mentorTeam: "T-1" as never }) })
  ]

  it("cuts the households by step, steps reached, dimension, team, help and house code, in house-code order", () => {
    const codes = (filter: Progress.Filter) => Progress.list(all, filter).map((l) => l.houseCode)
    expect(codes({})).toEqual(["33010100001", "33010100002", "33020100003"])
    expect(codes({ step: "none" })).toEqual(["33010100002", "33020100003"])
    expect(codes({ reached: "planned" })).toEqual(["33010100001"])
    expect(codes({ reached: "none" })).toEqual(codes({}))
    expect(codes({ dimension: "income" })).toEqual(["33020100003"])
    expect(codes({ team: "T-1" })).toEqual(["33020100003"])
    expect(codes({ helped: "false", solved: "false" })).toEqual(["33010100002", "33020100003"])
    expect(codes({ code: "3302" })).toEqual(["33020100003"])
    expect(Progress.list(all, {})[2]).toMatchObject({ mentorTeam: "T-1", dimensions: ["income"] })
  })

  it("keeps the areas down to a depth below the area asked for", () => {
    const areas = Progress.byArea(all.map(Progress.summarise), "province")
    expect(Progress.toDepth(areas, "33", 0).map((a) => a.code)).toEqual(["33"])
    expect(Progress.toDepth(areas, "33", 1).map((a) => a.code)).toEqual(["33", "3301", "3302"])
    expect(Progress.toDepth(areas, "3301", 1).map((a) => a.code)).toEqual(["3301", "330101"])
    expect(Progress.toDepth(areas, "3301", undefined).map((a) => a.code)).toEqual(["3301", "330101", "33010101", "33010102"])
  })

  it("publishes 0 and counts of 5 or more, and hides counts of 1 to 4", () => {
    const many = Array.from({ length: 6 }, (_, i) => waiting(`3301010${String(i).padStart(4, "0")}`, "33010101"))
    const [province] = Progress.byArea([...many, all[0]!].map(Progress.summarise), "province")
    const open = Progress.published(province!)
    expect(open.households).toMatchObject({ targets: 7, verified: null, solved: null, noHelp: 6, withHelp: null })
    expect(Progress.published({ ...province!, counts: Progress.count([]) }).households.targets).toBe(0)
  })
})
