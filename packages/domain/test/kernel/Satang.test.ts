import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Satang } from "../../src/index.js"

const s = (n: number) => n as Satang.Satang

describe("Satang", () => {
  it("formats satang as baht with grouped thousands and two decimals", () => {
    expect(Satang.format(s(123450))).toBe("1,234.50 บาท")
    expect(Satang.format(s(0))).toBe("0.00 บาท")
    expect(Satang.format(s(5))).toBe("0.05 บาท")
    expect(Satang.format(s(3_800_000))).toBe("38,000.00 บาท")
    expect(Satang.format(s(123_456_789_01))).toBe("123,456,789.01 บาท")
  })

  it("formats negative amounts and English units", () => {
    expect(Satang.format(s(-123450))).toBe("-1,234.50 บาท")
    expect(Satang.format(s(-5))).toBe("-0.05 บาท")
    expect(Satang.format(s(123450), "en")).toBe("1,234.50 baht")
  })

  it("parses written amounts exactly", () => {
    expect(Satang.parse("1,234.50")).toBe(123450)
    expect(Satang.parse("1,234.5")).toBe(123450)
    expect(Satang.parse("1234.5")).toBe(123450)
    expect(Satang.parse("38,000")).toBe(3_800_000)
    expect(Satang.parse(" 0.05 ")).toBe(5)
    expect(Satang.parse("-12.34")).toBe(-1234)
    expect(Satang.parse("1,234,567.89")).toBe(123456789)
  })

  it("adds parsed amounts without floating point error", () => {
    const sum = Satang.parse("0.10")! + Satang.parse("0.20")!
    expect(sum).toBe(30)
    expect(Number.isInteger(Satang.parse("0.29"))).toBe(true)
    expect(Satang.parse("0.29")).toBe(29)
    expect(Satang.parse("1.15")).toBe(115)
  })

  it.each(["", "abc", "1.234", "12,34", "1,2345", ".5", "1.", "1,234.5 บาท", "--1", "1e3", "9,007,199,254,740,991"])(
    "does not parse %j",
    (text) => {
      expect(Satang.parse(text)).toBeUndefined()
    }
  )

  it("converts whole baht and refuses fractions of baht", () => {
    expect(Satang.fromBaht(12)).toBe(1200)
    expect(Satang.fromBaht(0)).toBe(0)
    expect(() => Satang.fromBaht(1.5)).toThrow(RangeError)
    expect(() => Satang.fromBaht(Number.NaN)).toThrow("fromBaht takes whole baht, got NaN")
  })

  it("decodes only integers with its schema", () => {
    const decode = Schema.decodeUnknownEither(Satang.Satang)
    expect(Either.getOrThrow(decode(123450))).toBe(123450)
    expect(Either.isLeft(decode(1234.5))).toBe(true)
    expect(Either.isLeft(decode("123450"))).toBe(true)
  })

  it("decodes and parses no amount beyond 10^15 satang, where sums would stop being exact", () => {
    const decode = Schema.decodeUnknownEither(Satang.Satang)
    expect(Satang.maxAbs).toBe(1_000_000_000_000_000)
    expect(Either.getOrThrow(decode(Satang.maxAbs))).toBe(Satang.maxAbs)
    expect(Either.getOrThrow(decode(-Satang.maxAbs))).toBe(-Satang.maxAbs)
    expect(Either.isLeft(decode(Satang.maxAbs + 1))).toBe(true)
    expect(Either.isLeft(decode(9_007_199_254_740_991))).toBe(true)
    expect(Satang.parse("10,000,000,000,000.00")).toBe(Satang.maxAbs)
    expect(Satang.parse("10,000,000,000,000.01")).toBeUndefined()
    expect(Satang.parse("90,071,992,547,409.91")).toBeUndefined()
  })

  it("parses back what it formats", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        const text = Satang.format(s(n))
        expect(text.endsWith(" บาท")).toBe(true)
        expect(Satang.parse(text.slice(0, -" บาท".length))).toBe(n)
      })
    )
  })
})
