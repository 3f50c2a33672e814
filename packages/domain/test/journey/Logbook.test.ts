import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Logbook } from "../../src/index.js"
import { opened } from "../fundFixtures.js"
import { action, baht, entry } from "../journeyFixtures.js"

const correction = { by: "u1", at: "2022-08-15T03:00:00.000Z", on: "2022-08-15" as never, reason: "recorded on the wrong household" }

describe("Logbook.reverse", () => {
  it("appends the opposite value pointing at the original, which nets to zero", () => {
    const original = entry(1, { value: baht(1_200), evidence: "photo-17" })
    const reversal = Either.getOrThrow(Logbook.reverse(original, Logbook.id(2), [original], correction))
    expect(reversal).toMatchObject({ id: "L-2", value: -baht(1_200), reverses: "L-1", reason: correction.reason, recordedBy: "u1", on: "2022-08-15" })
    expect(reversal.evidence).toBeUndefined()
    expect(Logbook.net([original, reversal])).toBe(0)
    expect(Logbook.standing([original, reversal])).toEqual([])
  })

  it("refuses to reverse a reversal or an entry already reversed", () => {
    const original = entry(1)
    const reversal = Either.getOrThrow(Logbook.reverse(original, Logbook.id(2), [original], correction))
    const again = Either.getOrThrow(Either.flip(Logbook.reverse(original, Logbook.id(3), [original, reversal], correction)))
    expect(again).toMatchObject({ _tag: "NotReversible", entryId: "L-1", reason: "alreadyReversed" })
    const ofReversal = Either.getOrThrow(Either.flip(Logbook.reverse(reversal, Logbook.id(3), [original, reversal], correction)))
    expect(ofReversal).toMatchObject({ _tag: "NotReversible", entryId: "L-2", reason: "isReversal" })
  })
})

describe("Logbook.standing, net and addresses", () => {
  it("keeps the entries neither reversing nor reversed, and nets all values", () => {
    const a = entry(1, { value: baht(100) })
    const b = entry(2, { value: baht(250) })
    const rb = entry(3, { value: -baht(250) as never, reverses: b.id })
    expect(Logbook.standing([a, b, rb]).map((e) => e.id)).toEqual(["L-1"])
    expect(Logbook.net([a, b, rb])).toBe(baht(100))
  })

  it("addresses a problem directly or through the plan action it delivers", () => {
    expect(Logbook.addresses(entry(1, { problems: [8] }), 8, [])).toBe(true)
    expect(Logbook.addresses(entry(1, { action: "A-1" as never }), 8, [action(1, [8, 23])])).toBe(true)
    expect(Logbook.addresses(entry(1, { action: "A-1" as never }), 21, [action(1, [8, 23])])).toBe(false)
  })
})

describe("Logbook.Giver and HelpInput", () => {
  it("needs someone who gave the help", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(Logbook.Giver)({}))).toBe(true)
    expect(Either.isRight(Schema.decodeUnknownEither(Logbook.Giver)({ person: "นายสมชาย" }))).toBe(true)
  })

  it("refuses a negative value or an unknown kind from outside", () => {
    const input = { houseCode: "33010100001", on: "2022-08-12", giver: { agency: "health" }, kind: "service", value: 500, problems: [], budgetSource: "agencyFunction" }
    expect(Either.isRight(Schema.decodeUnknownEither(Logbook.HelpInput)(input))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(Logbook.HelpInput)({ ...input, value: -500 }))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(Logbook.HelpInput)({ ...input, kind: "loan" }))).toBe(true)
  })
})

describe("Logbook.fromFundPayment", () => {
  const paid = opened(baht(1_500), {
    state: { _tag: "paid", reservation: "R-1:reserve" as never, payment: "R-1:pay" as never, by: "t1", transferReference: "KTB-TRF-0042", paidOn: "2022-01-07" as never, at: "2022-01-07T03:00:00.000Z" as never }
  })

  it("writes the payment as a fund entry of the household, with the transfer as evidence", () => {
    const written = Logbook.fromFundPayment(paid, { kind: "goods", problems: [21] })
    expect(written).toMatchObject({
      id: "fund:R-1",
      houseCode: "33010000001",
      villageCode: "33010101",
      on: "2022-01-07",
      giver: { person: "t1" },
      kind: "goods",
      value: baht(1_500),
      problems: [21],
      budgetSource: "fund",
      evidence: "KTB-TRF-0042",
      fundRequest: "R-1",
      recordedBy: "t1"
    })
    expect(Either.isRight(Schema.decodeUnknownEither(Logbook.Entry)(written))).toBe(true)
  })

  it("writes nothing for a request not yet paid", () => {
    expect(Logbook.fromFundPayment(opened(baht(1_500)))).toBeUndefined()
  })
})
