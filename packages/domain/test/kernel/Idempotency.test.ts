import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Idempotency, RegistryMemory } from "../../src/index.js"

describe("Idempotency", () => {
  it("hashes content the same whatever order its fields came in", () => {
    expect(Idempotency.hash({ command: "pay", input: { b: 1, a: [1, 2] } })).toBe(Idempotency.hash({ input: { a: [1, 2], b: 1 }, command: "pay" }))
    expect(Idempotency.hash({ a: 1, b: undefined })).toBe(Idempotency.hash({ a: 1 }))
    expect(Idempotency.hash({})).toMatch(/^[0-9a-f]{16}$/)
  })

  it("hashes different content differently", () => {
    expect(Idempotency.hash({ amount: 100 })).not.toBe(Idempotency.hash({ amount: 101 }))
    expect(Idempotency.hash({ reason: "ซ้ำ" })).not.toBe(Idempotency.hash({ reason: "ซ่ำ" }))
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(Idempotency.hash(a) === Idempotency.hash(b)).toBe(RegistryMemory.canonicalJson(a) === RegistryMemory.canonicalJson(b))
      })
    )
  })

  it("takes printable keys up to 200 characters", () => {
    const decode = Schema.decodeUnknownSync(Idempotency.Key)
    expect(decode("bank-2022-01-05-line-17")).toBe("bank-2022-01-05-line-17")
    expect(() => decode("")).toThrow()
    expect(() => decode("two words")).toThrow()
    expect(() => decode("x".repeat(201))).toThrow()
  })
})
