import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { BankStatement, Satang } from "../../src/index.js"

const s = (n: number) => n as Satang.Satang

describe("BankStatement.signed", () => {
  it("makes a deposit positive and a withdrawal negative", () => {
    expect(BankStatement.signed(undefined, s(150_000))).toBe(150_000)
    expect(BankStatement.signed(s(30_000), s(0))).toBe(-30_000)
  })

  it("refuses a line with both columns, or neither, filled", () => {
    expect(BankStatement.signed(s(1), s(2))).toMatch(/both debit and credit/)
    expect(BankStatement.signed(s(0), undefined)).toMatch(/neither/)
    expect(BankStatement.signed(s(-5), undefined)).toMatch(/without a sign/)
  })
})

describe("BankStatement.Line", () => {
  it("refuses a line that moves nothing", () => {
    const decoded = Schema.decodeUnknownEither(BankStatement.Line)({ line: 2, date: "2022-03-15", reference: "", description: "", amount: 0 })
    expect(Either.isLeft(decoded)).toBe(true)
  })
})

describe("BankStatement.breaks", () => {
  it("finds a stated balance that does not follow from the line before", () => {
    const lines = [
      { line: 2, amount: s(100), balance: s(1_100) },
      { line: 3, amount: s(-50) },
      { line: 4, amount: s(20), balance: s(1_070) },
      { line: 5, amount: s(30), balance: s(1_200) },
      { line: 6, amount: s(-200), balance: s(1_000) }
    ]
    expect(BankStatement.breaks(lines)).toEqual([{ line: 5, expected: 1_100, stated: 1_200 }])
  })
})

describe("BankStatement.period", () => {
  it("is the first and last day, whatever the order of lines", () => {
    expect(BankStatement.period([{ date: "2022-03-15" }, { date: "2022-03-01" }, { date: "2022-03-31" }] as never)).toEqual({ from: "2022-03-01", to: "2022-03-31" })
    expect(BankStatement.period([])).toBeUndefined()
  })
})
