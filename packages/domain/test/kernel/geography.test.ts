import { describe, expect, it } from "vitest"
import * as Data from "../../src/kernel/geography.data.js"
import * as Geography from "../../src/kernel/geography.js"

describe("Geography", () => {
  it("knows all 77 provinces, sorted by code, Bangkok first as 10", () => {
    const provinces = Geography.provinces()
    expect(provinces).toHaveLength(77)
    expect(provinces.map((p) => p.code)).toEqual([...provinces.map((p) => p.code)].sort())
    expect(provinces[0]).toEqual({ code: "10", level: "province", nameTh: "กรุงเทพมหานคร", nameEn: "Bangkok" })
  })

  it("names Sisaket 33 with its 22 districts 3301-3322 and 206 subdistricts", () => {
    expect(Geography.lookup("33")).toEqual({ code: "33", level: "province", nameTh: "ศรีสะเกษ", nameEn: "Si Sa Ket" })
    const districts = Geography.children("33")
    expect(districts.map((d) => d.code)).toEqual(
      Array.from({ length: 22 }, (_, i) => `33${String(i + 1).padStart(2, "0")}`)
    )
    expect(districts.every((d) => d.level === "district")).toBe(true)
    expect(districts[0]).toMatchObject({ nameTh: "เมืองศรีสะเกษ", nameEn: "Mueang Si Sa Ket" })
    const subdistricts = districts.flatMap((d) => Geography.children(d.code))
    expect(subdistricts).toHaveLength(206)
    expect(subdistricts.every((s) => s.level === "subdistrict" && /^33\d{4}$/.test(s.code))).toBe(true)
  })

  it("uses DOPA codes for provinces, not the dataset's row numbers", () => {
    // Sisaket is row 22 of provinces.csv; 22 as a DOPA code is Chanthaburi.
    expect(Geography.lookup("22")?.nameEn).toBe("Chanthaburi")
  })

  it("places every district under an existing province and every subdistrict under an existing district", () => {
    const codes = (text: string) => text.split("\n").map((line) => line.slice(0, line.indexOf("|")))
    const districts = codes(Data.districts)
    const subdistricts = codes(Data.subdistricts)
    expect(districts).toHaveLength(929)
    expect(subdistricts).toHaveLength(7451)
    for (const code of districts) expect(Geography.lookup(code.slice(0, 2))?.level, code).toBe("province")
    for (const code of subdistricts) expect(Geography.lookup(code.slice(0, 4))?.level, code).toBe("district")
    // and the tree reaches every one of them from the provinces down
    const reached = Geography.provinces().flatMap((p) => Geography.children(p.code))
    expect(reached).toHaveLength(929)
    expect(reached.flatMap((d) => Geography.children(d.code))).toHaveLength(7451)
  })

  it("names a village by its number when its subdistrict exists", () => {
    expect(Geography.lookup("33010105")).toEqual({
      code: "33010105",
      level: "village",
      nameTh: "หมู่ที่ 5",
      nameEn: "Moo 5"
    })
    expect(Geography.lookup("33010112")?.nameTh).toBe("หมู่ที่ 12")
    expect(Geography.label("33010101", "en")).toBe("Moo 1")
  })

  it("gives undefined for unknown codes, including villages of unknown subdistricts and village 00", () => {
    for (const code of ["", "00", "99", "3399", "330199", "99010101", "33010100", "3301010a", "330101011", "33-01"]) {
      expect(Geography.lookup(code)).toBeUndefined()
    }
    expect(Geography.children("99")).toEqual([])
    expect(Geography.children("330101")).toEqual([])
  })

  it("labels known codes in Thai or English and falls back to the code", () => {
    expect(Geography.label("3301", "th")).toBe("เมืองศรีสะเกษ")
    expect(Geography.label("3301", "en")).toBe("Mueang Si Sa Ket")
    expect(Geography.label("10", "en")).toBe("Bangkok")
    expect(Geography.label("3399", "th")).toBe("3399")
  })
})
