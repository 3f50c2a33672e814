import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CalendarDate, Pledge, Receipt } from "../../src/index.js"
import { at, baht, receiptInput } from "../fundFixtures.js"

const pledge = new Pledge.Pledge({
  ...Schema.decodeSync(Pledge.Input)({ contributor: "otop-network-sisaket", amount: baht(10_000), due: "2022-03-31", pledgedOn: "2022-01-05" }),
  id: Pledge.id(1),
  recordedAt: at,
  recordedBy: "t1"
})
const day = (text: string) => text as CalendarDate.IsoDate

const receipt = (n: number, amount: number, valueDate: string, pledgeId: Pledge.PledgeId | null = pledge.id) =>
  Receipt.record(
    Receipt.id(n),
    receiptInput(baht(amount), {}, { valueDate: day(valueDate), ...(pledgeId === null ? {} : { pledge: pledgeId }) }),
    "t1",
    at
  ).receipt

describe("Pledge.state", () => {
  it("is open with the whole amount outstanding before any money arrives", () => {
    expect(Pledge.state(pledge, [], day("2022-02-01"))).toEqual({ _tag: "open", received: 0, outstanding: baht(10_000) })
  })

  it("is open and partly fulfilled while receipts fall short before the due day", () => {
    const receipts = [receipt(1, 3_000, "2022-02-01"), receipt(2, 1_000, "2022-03-31")]
    expect(Pledge.state(pledge, receipts, day("2022-03-31"))).toEqual({ _tag: "open", received: baht(4_000), outstanding: baht(6_000) })
  })

  it("is fulfilled once receipts reach the amount, even past it", () => {
    const receipts = [receipt(1, 6_000, "2022-02-01"), receipt(2, 5_000, "2022-03-01")]
    expect(Pledge.state(pledge, receipts, day("2022-03-01"))).toEqual({ _tag: "fulfilled", received: baht(11_000) })
  })

  it("lapses after the due day with what arrived and the shortfall", () => {
    expect(Pledge.state(pledge, [receipt(1, 4_000, "2022-02-01")], day("2022-04-01"))).toEqual({
      _tag: "lapsed",
      received: baht(4_000),
      shortfall: baht(6_000)
    })
    expect(Pledge.state(pledge, [], day("2022-04-01"))).toEqual({ _tag: "lapsed", received: 0, shortfall: baht(10_000) })
  })

  it("counts late money: a lapsed pledge is fulfilled when the rest arrives", () => {
    const receipts = [receipt(1, 4_000, "2022-02-01"), receipt(2, 6_000, "2022-05-01")]
    expect(Pledge.state(pledge, receipts, day("2022-04-30"))._tag).toBe("lapsed")
    expect(Pledge.state(pledge, receipts, day("2022-05-01"))._tag).toBe("fulfilled")
  })

  it("counts only receipts naming the pledge, arrived by the day, and not reversed", () => {
    const reversed = new Receipt.Receipt({
      ...receipt(3, 9_000, "2022-01-10"),
      reversal: { movement: "RC-3:reversal" as never, by: "t1", reason: "wrong account", at }
    })
    const receipts = [receipt(1, 2_000, "2022-01-10"), receipt(2, 9_000, "2022-01-10", null), reversed, receipt(4, 9_000, "2022-03-01")]
    expect(Pledge.state(pledge, receipts, day("2022-02-01"))).toEqual({ _tag: "open", received: baht(2_000), outstanding: baht(8_000) })
  })
})
