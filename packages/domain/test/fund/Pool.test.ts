import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Area, Pool } from "../../src/index.js"
import { district3301, uniforms, unrestricted } from "../fundFixtures.js"

const purpose = (text: string) => Schema.decodeSync(Pool.Purpose)(text)
const village = (code: string) => code as Area.AreaCode

describe("Pool", () => {
  it("names a pool by its restriction", () => {
    expect(Pool.key(unrestricted)).toBe("unrestricted")
    expect(Pool.key(uniforms)).toBe("purpose=school-uniforms")
    expect(Pool.key(district3301)).toBe("area=3301")
    expect(Pool.key({ purpose: purpose("school-uniforms"), area: village("3301") })).toBe("purpose=school-uniforms,area=3301")
  })

  it("refuses a purpose that is not a code, so keys stay unambiguous", () => {
    expect(() => purpose("School uniforms")).toThrow(/must be a code like school-uniforms/)
    expect(() => purpose("a=b,c")).toThrow()
    expect(() => purpose("")).toThrow()
    expect(purpose("housing-repair-2")).toBe("housing-repair-2")
  })

  it("lets the unrestricted pool serve any purpose anywhere", () => {
    expect(Pool.serves(unrestricted, purpose("housing-repair"), village("33220101"))).toBe(true)
  })

  it("lets earmarked money serve only its purpose and only inside its area", () => {
    expect(Pool.serves(uniforms, purpose("school-uniforms"), village("33220101"))).toBe(true)
    expect(Pool.serves(uniforms, purpose("housing-repair"), village("33010101"))).toBe(false)
    expect(Pool.serves(district3301, purpose("housing-repair"), village("33010101"))).toBe(true)
    expect(Pool.serves(district3301, purpose("housing-repair"), village("33020101"))).toBe(false)
    const both = { purpose: purpose("school-uniforms"), area: village("3301") }
    expect(Pool.serves(both, purpose("school-uniforms"), village("33010101"))).toBe(true)
    expect(Pool.serves(both, purpose("school-uniforms"), village("33020101"))).toBe(false)
    expect(Pool.serves(both, purpose("housing-repair"), village("33010101"))).toBe(false)
  })
})
