import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { Journey } from "../../src/index.js"
import { action, agreed, analysed, entry, facts, household, problem, verified, visit } from "../journeyFixtures.js"

const planned = household({ verification: verified, analysis: analysed, agreement: agreed })

describe("Journey.step", () => {
  it("is none until a team verifies the household", () => {
    expect(Journey.step(facts())).toBe("none")
  })

  it("climbs one step per fact, in order", () => {
    expect(Journey.step(facts({ household: household({ verification: verified }) }))).toBe("verified")
    expect(Journey.step(facts({ household: household({ verification: verified, analysis: analysed }) }))).toBe("analysed")
    expect(Journey.step(facts({ household: planned, problems: [problem(8)] }))).toBe("planned")
  })

  it("counts help recorded before the plan only once the plan is agreed", () => {
    const early = { problems: [problem(8)], entries: [entry(1, { problems: [8] })] }
    expect(Journey.step(facts({ household: household({ verification: verified, analysis: analysed }), ...early }))).toBe("analysed")
    expect(Journey.step(facts({ household: planned, ...early }))).toBe("integrated")
  })

  it("is helped, not integrated, while a problem has neither help nor a closure", () => {
    const f = facts({ household: planned, problems: [problem(8), problem(23)], entries: [entry(1, { problems: [8] })] })
    expect(Journey.step(f)).toBe("helped")
  })

  it("counts a problem helped through the plan action the help delivers", () => {
    const f = facts({ household: planned, problems: [problem(8)], actions: [action(1, [8])], entries: [entry(1, { action: "A-1" as never })] })
    expect(Journey.step(f)).toBe("integrated")
  })

  it("is followed up after a visit on or after the first standing help, not before it", () => {
    const base = { household: planned, problems: [problem(8)], entries: [entry(1, { problems: [8], on: "2022-08-12" as never })] }
    expect(Journey.step(facts({ ...base, visits: [visit(1, "2022-08-11")] }))).toBe("integrated")
    expect(Journey.step(facts({ ...base, visits: [visit(1, "2022-08-12")] }))).toBe("followedUp")
  })

  it("goes back when the only help is reversed", () => {
    const help = entry(1, { problems: [8] })
    const reversal = entry(2, { problems: [8], value: -help.value as never, reverses: help.id, reason: "wrong household" })
    expect(Journey.step(facts({ household: planned, problems: [problem(8)], entries: [help, reversal] }))).toBe("planned")
  })
})

describe("Journey.problemStatus", () => {
  const on = (extra: Partial<Journey.Facts>) => facts({ household: planned, problems: [problem(8)], ...extra })

  it("is identified with nothing planned, in progress with a live action, identified again when it is cancelled", () => {
    expect(Journey.problemStatus(on({}), problem(8))).toBe("identified")
    expect(Journey.problemStatus(on({ actions: [action(1, [8], { status: "inProgress" })] }), problem(8))).toBe("inProgress")
    expect(Journey.problemStatus(on({ actions: [action(1, [8], { status: "cancelled" })] }), problem(8))).toBe("identified")
  })

  it("is assisted with standing help or a done action", () => {
    expect(Journey.problemStatus(on({ entries: [entry(1, { problems: [8] })] }), problem(8))).toBe("assisted")
    expect(Journey.problemStatus(on({ actions: [action(1, [8], { status: "done" })] }), problem(8))).toBe("assisted")
  })

  it("is resolved when a visit on or after the help confirms it, not by a confirmation older than the help", () => {
    const help = entry(1, { problems: [8], on: "2022-08-12" as never })
    expect(Journey.problemStatus(on({ entries: [help], visits: [visit(1, "2022-08-20", { confirms: [8] })] }), problem(8))).toBe("resolved")
    expect(Journey.problemStatus(on({ entries: [help], visits: [visit(1, "2022-08-11", { confirms: [8] })] }), problem(8))).toBe("assisted")
  })

  it("takes the closure stored on the problem: a mark, or a later round's pass as resolved", () => {
    const self = problem(8, { closure: { _tag: "selfResolved", reason: "found work", on: "2022-08-05" as never, by: "m" } })
    const round = problem(8, { closure: { _tag: "passedInRound", round: 2566, on: "2023-06-01" as never, by: "m" } })
    expect(Journey.problemStatus(on({ problems: [self] }), self)).toBe("selfResolved")
    expect(Journey.problemStatus(on({ problems: [round] }), round)).toBe("resolved")
  })
})

describe("Journey.requireStep", () => {
  it("refuses a plan before analysis, naming the household and where it is", () => {
    const refusal = Either.flip(Journey.requireStep(facts({ household: household({ verification: verified }) }), "analysed", "plan an action"))
    expect(Either.getOrThrow(refusal)).toMatchObject({ _tag: "StepRequired", houseCode: "33010100001", required: "analysed", step: "verified" })
    expect(Either.getOrThrow(refusal).message).toBe("household 33010100001: cannot plan an action before it is analysed (it is verified)")
  })

  it("lets an action through once its step's fact exists", () => {
    expect(Either.isRight(Journey.requireStep(facts({ household: planned }), "planned", "x"))).toBe(true)
  })
})

describe("Journey.stage, solved and unaddressed", () => {
  it("takes the stage of the latest visit by day", () => {
    const f = facts({ visits: [visit(2, "2022-09-01", { stage: "sufficient" }), visit(1, "2022-08-20", { stage: "survive" })] })
    expect(Journey.stage(f)).toBe("sufficient")
    expect(Journey.stage(facts())).toBeUndefined()
  })

  it("solves a household when every problem is closed, dated by the last closure", () => {
    const marked = problem(23, { closure: { _tag: "cannotResolve", reason: "elderly, no heir", on: "2022-08-30" as never, by: "m" } })
    const f = facts({ household: planned, problems: [problem(8), marked], entries: [entry(1, { problems: [8] })], visits: [visit(1, "2022-08-20", { confirms: [8] })] })
    expect(Journey.solved(f)).toBe(true)
    expect(Journey.solvedOn(f)).toBe("2022-08-30")
    expect(Journey.solved(facts({ household: planned, problems: [problem(8)] }))).toBe(false)
    expect(Journey.solved(facts())).toBe(false)
  })

  it("lists the problems no live action addresses and no closure closes", () => {
    const marked = problem(21, { closure: { _tag: "selfResolved", reason: "back at school", on: "2022-08-05" as never, by: "m" } })
    const f = facts({ household: planned, problems: [problem(8), problem(23), marked], actions: [action(1, [8]), action(2, [23], { status: "cancelled" })] })
    expect(Journey.unaddressed(f)).toEqual([23])
  })
})
