import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { HouseCode } from "../../src/index.js"

describe("HouseCode", () => {
  it("accepts 11 digits", () => {
    expect(HouseCode.problem("33010000001")).toBeUndefined()
    expect(HouseCode.problem("00000000000")).toBeUndefined()
  })

  it.each(["3301000001", "330100000012", "3301000000A", "3301-000001", "", " 33010000001"])("rejects %j", (code) => {
    expect(HouseCode.problem(code)).toBe("must be 11 digits")
  })

  it("names the registration office by the first four digits", () => {
    const code = Either.getOrThrow(Schema.decodeUnknownEither(HouseCode.HouseCode)("33010000001"))
    expect(HouseCode.office(code)).toBe("3301")
  })

  it("decodes with its schema only 11-digit strings", () => {
    const decode = Schema.decodeUnknownEither(HouseCode.HouseCode)
    expect(Either.isLeft(decode("3301000000"))).toBe(true)
    expect(Either.isLeft(decode(33010000001))).toBe(true)
  })
})
