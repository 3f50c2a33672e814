import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Area } from "../../src/index.js"

const code = (s: string) => Either.getOrThrow(Schema.decodeUnknownEither(Area.AreaCode)(s))

describe("Area", () => {
  it("tells the level of a code by its length", () => {
    expect(["33", "3301", "330101", "33010101"].map((c) => Area.level(code(c)))).toEqual([
      "province",
      "district",
      "subdistrict",
      "village"
    ])
  })

  it("lists the levels from widest to narrowest with their digits and labels", () => {
    expect(Area.levels).toEqual(["province", "district", "subdistrict", "village"])
    expect(Area.levels.map(Area.digits)).toEqual([2, 4, 6, 8])
    expect(Area.levelLabel.district).toEqual({ th: "อำเภอ", en: "district" })
    expect(Area.levelLabel.village.th).toBe("หมู่บ้าน")
  })

  it("finds the ancestor of a village at each level", () => {
    const village = code("33010101")
    expect(Area.ancestor(village, "province")).toBe("33")
    expect(Area.ancestor(village, "district")).toBe("3301")
    expect(Area.ancestor(village, "subdistrict")).toBe("330101")
    expect(Area.ancestor(village, "village")).toBe("33010101")
  })

  it("walks up the parents to the province, which has none", () => {
    expect(Area.parent(code("33010101"))).toBe("330101")
    expect(Area.parent(code("330101"))).toBe("3301")
    expect(Area.parent(code("3301"))).toBe("33")
    expect(Area.parent(code("33"))).toBeUndefined()
  })

  it("tells whether an area contains a code, itself included", () => {
    expect(Area.contains(code("33"), code("33010101"))).toBe(true)
    expect(Area.contains(code("3301"), code("3301"))).toBe(true)
    expect(Area.contains(code("3302"), code("33010101"))).toBe(false)
    expect(Area.contains(code("33010101"), code("33"))).toBe(false)
    expect(Area.contains(code("34"), code("3401"))).toBe(true)
    expect(Area.contains(code("33"), code("3401"))).toBe(false)
  })

  it("accepts codes of 2, 4, 6 or 8 digits only", () => {
    for (const c of ["33", "3301", "330101", "33010101"]) expect(Area.problem(c)).toBeUndefined()
    for (const c of ["3", "330", "3301010", "3301010101", "", "33a1", "33-01"]) {
      expect(Area.problem(c)).toBe("must be 2, 4, 6 or 8 digits")
    }
    expect(Either.isLeft(Schema.decodeUnknownEither(Area.AreaCode)("330"))).toBe(true)
  })

  it("takes a village code as 8 digits only", () => {
    const decode = Schema.decodeUnknownEither(Area.VillageCode)
    expect(Either.getOrThrow(decode("33010101"))).toBe("33010101")
    expect(Either.isLeft(decode("330101"))).toBe(true)
  })

  it("makes every ancestor a prefix containing the code, one level up per parent", () => {
    const pairs = fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 })
    fc.assert(
      fc.property(pairs, (ps) => {
        const c = code(ps.map((p) => String(p).padStart(2, "0")).join(""))
        const lvl = Area.levels.indexOf(Area.level(c))
        expect(lvl).toBe(ps.length - 1)
        for (const target of Area.levels.slice(0, lvl + 1)) {
          const a = Area.ancestor(c, target)
          expect(Area.level(a)).toBe(target)
          expect(Area.contains(a, c)).toBe(true)
        }
        const p = Area.parent(c)
        if (lvl === 0) expect(p).toBeUndefined()
        else expect(p).toBe(Area.ancestor(c, Area.levels[lvl - 1]!))
      })
    )
  })
})
