import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Plan } from "../../src/index.js"
import { action, actionInput, baht, house1 } from "../journeyFixtures.js"

describe("Plan.setStatus", () => {
  it("moves planned → in progress → done", () => {
    const started = Either.getOrThrow(Plan.setStatus(action(1, [8]), "inProgress"))
    expect(Either.getOrThrow(Plan.setStatus(started, "done")).status).toBe("done")
  })

  it("refuses to move a done or cancelled action, naming both statuses", () => {
    const refusal = Either.getOrThrow(Either.flip(Plan.setStatus(action(1, [8], { status: "done" }), "cancelled")))
    expect(refusal).toMatchObject({ _tag: "InvalidActionTransition", actionId: "A-1", from: "done", to: "cancelled" })
    expect(Either.isLeft(Plan.setStatus(action(1, [8], { status: "cancelled" }), "planned"))).toBe(true)
    expect(Either.isLeft(Plan.setStatus(action(1, [8], { status: "inProgress" }), "planned"))).toBe(true)
  })
})

describe("Plan.unaddressed", () => {
  it("is empty when every open problem has a live action", () => {
    expect(Plan.unaddressed([{ indicator: 8, closed: false }, { indicator: 23, closed: true }], [action(1, [8])])).toEqual([])
  })

  it("does not count a cancelled action", () => {
    expect(Plan.unaddressed([{ indicator: 8, closed: false }], [action(1, [8], { status: "cancelled" })])).toEqual([8])
  })
})

describe("Plan.overdue and costBySource", () => {
  it("is overdue past the due date while planned or in progress only", () => {
    expect(Plan.overdue(action(1, [8], { due: "2022-09-15" as never }), "2022-09-16" as never)).toBe(true)
    expect(Plan.overdue(action(1, [8], { due: "2022-09-15" as never }), "2022-09-15" as never)).toBe(false)
    expect(Plan.overdue(action(1, [8], { due: "2022-09-15" as never, status: "done" }), "2022-10-01" as never)).toBe(false)
  })

  it("adds planned costs by budget source, leaving out cancelled actions", () => {
    const actions = [
      action(1, [8], { plannedCost: baht(3_000) }),
      action(2, [8], { plannedCost: baht(1_000), budgetSource: "fund" }),
      action(3, [8], { plannedCost: baht(9_000), budgetSource: "fund", status: "cancelled" })
    ]
    expect(Plan.costBySource(actions)).toEqual({ localGovernment: baht(3_000), fund: baht(1_000) })
  })
})

describe("Plan.ActionInput", () => {
  it("refuses an action addressing no problem or with a negative cost", () => {
    const decode = Schema.decodeUnknownEither(Plan.ActionInput)
    expect(Either.isRight(decode(actionInput(house1, [8])))).toBe(true)
    expect(Either.isLeft(decode(actionInput(house1, [])))).toBe(true)
    expect(Either.isLeft(decode(actionInput(house1, [8], { plannedCost: -1 })))).toBe(true)
    expect(Either.isLeft(decode(actionInput(house1, [8], { part: "money" })))).toBe(true)
  })
})
