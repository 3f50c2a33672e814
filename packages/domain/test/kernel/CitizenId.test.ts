import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CitizenId } from "../../src/index.js"

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((ds) => ds.join(""))
const first12 = fc.tuple(fc.integer({ min: 1, max: 8 }), digits(11)).map(([type, rest]) => `${type}${rest}`)

describe("CitizenId", () => {
  it.each(["1101700230708", "3301000123458", "1234567890121"])("accepts the test vector %s", (id) => {
    expect(CitizenId.isValid(id)).toBe(true)
    expect(CitizenId.problem(id)).toBeUndefined()
  })

  it("rejects the test vector 1234567890123 for its check digit", () => {
    expect(CitizenId.isValid("1234567890123")).toBe(false)
    expect(CitizenId.problem("1234567890123")).toBe("the check digit is wrong")
  })

  it("computes the check digit from the first 12 digits", () => {
    expect(CitizenId.checkDigit("110170023070")).toBe(8)
    expect(CitizenId.checkDigit("330100012345")).toBe(8)
    expect(CitizenId.checkDigit("123456789012")).toBe(1)
  })

  it("rejects IDs of the wrong length, saying how long they were", () => {
    expect(CitizenId.problem("110170023070")).toBe("must be 13 digits, got 12 characters")
    expect(CitizenId.problem("")).toBe("must be 13 digits, got 0 characters")
    expect(CitizenId.problem("11017002307080")).toBe("must be 13 digits, got 14 characters")
  })

  it("rejects non-digits, including dashes of the printed form", () => {
    expect(CitizenId.problem("110170023070a")).toBe("must be 13 digits")
    expect(CitizenId.problem("1-1017-00230-7")).toBe("must be 13 digits, got 14 characters")
    expect(CitizenId.problem("1 101700230708".slice(0, 13))).toBe("must be 13 digits")
  })

  it("rejects a first digit of 0 or 9 even with a right check digit", () => {
    for (const type of ["0", "9"]) {
      const first = `${type}10170023070`
      const id = `${first}${CitizenId.checkDigit(first)}`
      expect(CitizenId.problem(id)).toBe("the first digit (person type) must be 1–8")
    }
  })

  it("masks all but the last four digits in data, and shows only the last three to a reader", () => {
    expect(CitizenId.mask("1101700230708")).toBe("xxxxxxxxx0708")
    expect(CitizenId.mask("3301000123458")).toBe("xxxxxxxxx3458")
    expect(CitizenId.display(CitizenId.mask("1101700230708"))).toBe("x-xxxx-xxxxx-70-8")
    expect(CitizenId.display("1101700230708")).toBe("x-xxxx-xxxxx-70-8")
    expect(CitizenId.isMasked("xxxxxxxxx0708")).toBe(true)
    expect(CitizenId.isMasked("1101700230708")).toBe(false)
    expect(CitizenId.readable("xxxxxxxxx0708")).toBe("x-xxxx-xxxxx-70-8")
    expect(CitizenId.readable("1101700230708")).toBe("1101700230708")
  })

  it("formats the full ID as N-RRRR-GGGGG-SS-C", () => {
    expect(CitizenId.format("1101700230708")).toBe("1-1017-00230-70-8")
  })

  it("decodes with its schema only valid IDs", () => {
    const decode = Schema.decodeUnknownEither(CitizenId.CitizenId)
    expect(Either.getOrThrow(decode("1101700230708"))).toBe("1101700230708")
    expect(Either.isLeft(decode("1234567890123"))).toBe(true)
    expect(Either.isLeft(decode(1101700230708))).toBe(true)
  })

  it("accepts any 12 digits led by 1–8 with their check digit, and no other last digit", () => {
    fc.assert(
      fc.property(first12, fc.integer({ min: 0, max: 9 }), (first, last) => {
        const check = CitizenId.checkDigit(first)
        expect(check).toBeGreaterThanOrEqual(0)
        expect(check).toBeLessThanOrEqual(9)
        expect(CitizenId.isValid(`${first}${last}`)).toBe(last === check)
      })
    )
  })

  it("never echoes the ID in its problem; masks keep only the last four digits, the display only three", () => {
    fc.assert(
      fc.property(first12, digits(1), (first, last) => {
        const id = `${first}${last}`
        expect(CitizenId.problem(id) ?? "").not.toContain(first)
        const masked = CitizenId.mask(id)
        expect(masked).toBe(`xxxxxxxxx${id.slice(9)}`)
        expect(masked.replace(/[^0-9]/g, "")).toBe(id.slice(9))
        expect(CitizenId.isMasked(masked)).toBe(true)
        const shown = CitizenId.display(masked)
        expect(shown).toBe(`x-xxxx-xxxxx-${id.slice(10, 12)}-${id.slice(12)}`)
        expect(shown.replace(/[^0-9]/g, "")).toBe(id.slice(10))
      })
    )
  })
})

describe("CitizenId.maskIn", () => {
  const grouped = (id: string, sep: string) => `${id.slice(0, 1)}${sep}${id.slice(1, 5)}${sep}${id.slice(5, 10)}${sep}${id.slice(10, 12)}${sep}${id.slice(12)}`
  const words = fc.array(fc.constantFrom("ครัวเรือน", "นาย", "note", "บ้าน 12", "โทร 0812345678", " ", ":", "-", "ID", "3301"), { maxLength: 6 }).map((ws) => ws.join(" "))

  it("masks a citizen ID written plain, with dashes or with spaces, in the grouped form people read, the last three digits only", () => {
    expect(CitizenId.maskIn("บัตร 1101700230708 ของแม่")).toBe("บัตร x-xxxx-xxxxx-70-8 ของแม่")
    expect(CitizenId.maskIn("id 1-1017-00230-70-8.")).toBe("id x-xxxx-xxxxx-70-8.")
    expect(CitizenId.maskIn("id 1 1017 00230 70 8")).toBe("id x-xxxx-xxxxx-70-8")
    // a number with a wrong check digit is still someone's number, or looks like one
    expect(CitizenId.maskIn("1234567890123")).toBe("x-xxxx-xxxxx-12-3")
  })

  it("leaves text without 13 digits in a row alone: house codes, phone numbers, amounts", () => {
    for (const text of ["บ้าน 33010000001", "โทร 081-234-5678", "1,500.00 บาท", "R-12 P-3", "33010101"]) expect(CitizenId.maskIn(text)).toBe(text)
  })

  it("never lets 13 digits of an ID through, however the text around it reads", () => {
    fc.assert(
      fc.property(words, first12, words, fc.constantFrom("", "-", " "), (before, twelve, after, sep) => {
        const id = `${twelve}${CitizenId.checkDigit(twelve)}`
        const out = CitizenId.maskIn(`${before} ${grouped(id, sep)} ${after}`)
        expect(out.replace(/\D/g, "")).not.toContain(id)
        expect(out).toContain(`x-xxxx-xxxxx-${id.slice(10, 12)}-${id.slice(12)}`)
      })
    )
  })

  it("masks every run of 13 or more digits, so no 13 digits in a row are left", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(digits(1), fc.constantFrom(" ", "a", "-", "ก")), { maxLength: 60 }), (parts) => {
        expect(CitizenId.maskIn(parts.join(""))).not.toMatch(/\d{13}/)
      })
    )
  })
})
