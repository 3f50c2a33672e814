import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Ledger, Pledge, Pool, Receipt, Satang } from "../../src/index.js"
import { at, baht, district3301, holding, ok, receiptInput, refused, uniforms, unrestricted } from "../fundFixtures.js"

const later = "2022-01-06T02:00:00.000Z"

describe("Receipt.record", () => {
  it("makes the receipt and its movement into the pool it was earmarked for", () => {
    const { receipt, movement } = Receipt.record(Receipt.id(4), receiptInput(baht(2_500), uniforms, { contributor: "c-9" as never }), "t1", at)
    expect(receipt).toMatchObject({ id: "RC-4", bankReference: "KTB-0001", valueDate: "2022-01-05", amount: baht(2_500), pool: uniforms, contributor: "c-9", movement: "RC-4:receipt", recordedAt: at, recordedBy: "t1" })
    expect(movement).toEqual(Ledger.receipt("RC-4:receipt" as Ledger.MovementId, uniforms, baht(2_500), at))
  })
})

describe("Receipt.reverse", () => {
  const { receipt, movement } = Receipt.record(Receipt.id(1), receiptInput(baht(1_000), district3301), "t1", at)

  it("reverses a wrong receipt with a movement that nets it to zero and marks the receipt", () => {
    const reversed = ok(Receipt.reverse(receipt, "t1", "recorded twice", later, holding(baht(1_000), district3301)))
    expect(reversed.movement).toEqual(Ledger.reverse(movement, "RC-1:reversal" as Ledger.MovementId, later))
    expect(reversed.receipt.reversal).toEqual({ movement: "RC-1:reversal", by: "t1", reason: "recorded twice", at: later })
    expect(Ledger.balances([...movement.postings, ...reversed.movement.postings])).toEqual({
      bank: 0,
      disbursed: 0,
      pools: [Ledger.emptyPool(district3301)]
    })
  })

  it("refuses to reverse a receipt twice", () => {
    const once = ok(Receipt.reverse(receipt, "t1", "recorded twice", later, holding(baht(1_000), district3301)))
    expect(refused(Receipt.reverse(once.receipt, "t1", "again", later, holding(baht(1_000), district3301)))).toMatchObject({
      _tag: "AlreadyReversed",
      receiptId: "RC-1",
      reversal: "RC-1:reversal"
    })
  })

  it("refuses to reverse money already reserved or spent: the pool would be overdrawn", () => {
    expect(refused(Receipt.reverse(receipt, "t1", "recorded twice", later, holding(baht(400), district3301)))).toMatchObject({
      _tag: "InsufficientFunds",
      pool: "area=3301",
      available: baht(400),
      amount: baht(1_000)
    })
  })
})

describe("pledges and balances", () => {
  it("gives the same balances whether or not receipts name pledges: a pledge never moves money", () => {
    const pools = fc.constantFrom<Pool.Pool>(unrestricted, uniforms, district3301)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5_000_000 }), pools, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })), { maxLength: 20 }),
        (list) => {
          const movements = (named: boolean) =>
            list.flatMap(([amount, pool, pledge], i) =>
              Receipt.record(
                Receipt.id(i + 1),
                receiptInput(amount as Satang.Satang, pool, named && pledge !== undefined ? { pledge: `P-${pledge}` as Pledge.PledgeId } : {}),
                "t1",
                at
              ).movement.postings
            )
          expect(Ledger.balances(movements(true))).toEqual(Ledger.balances(movements(false)))
        }
      )
    )
  })
})
