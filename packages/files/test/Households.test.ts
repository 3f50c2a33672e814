import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SeenCodes } from "../src/Households.js"

describe("SeenCodes", () => {
  it("tells the first row of every code seen before, as a Map would, through growth", () => {
    const code = fc.oneof(
      // Few distinct province codes, so that many repeat; and past the first table size.
      fc.integer({ min: 0, max: 5000 }).map((n) => String(33010000000 + n * 7919)),
      fc.constantFrom("0", "007", "33-01", "x", "1234567890123456", "3301000000"),
      fc.stringMatching(/^\d{1,16}$/)
    )
    fc.assert(
      fc.property(fc.array(code, { maxLength: 6000 }), (codes) => {
        const seen = new SeenCodes()
        const model = new Map<string, number>()
        codes.forEach((c, line) => {
          const expected = model.get(c)
          if (expected === undefined) model.set(c, line)
          expect(seen.firstOr(c, line)).toBe(expected)
        })
      }),
      { numRuns: 30 }
    )
  })

  it("keeps a leading zero apart from the same digits without it", () => {
    const seen = new SeenCodes()
    expect(seen.firstOr("0033", 2)).toBeUndefined()
    expect(seen.firstOr("33", 3)).toBeUndefined()
    expect(seen.firstOr("0033", 4)).toBe(2)
  })
})
