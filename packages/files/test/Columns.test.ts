import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import * as Columns from "../src/Columns.js"

const invalid = (value: unknown): string => {
  expect(value).toBeInstanceOf(Columns.Invalid)
  return (value as Columns.Invalid).reason
}

describe("Columns.fieldOf", () => {
  it("matches canonical names ignoring case, spaces and underscores", () => {
    for (const header of ["houseCode", "HOUSECODE", "house_code", " House Code ", "HOUSE_CODE"]) {
      expect(Columns.fieldOf(header)?.name).toBe("houseCode")
    }
    expect(Columns.fieldOf("drinking_water_litres_per_person_per_day")?.name).toBe("drinkingWaterLitresPerPersonPerDay")
  })

  it("matches the Thai headers a provincial office writes", () => {
    const expected: Record<string, string> = {
      รหัสบ้าน: "houseCode",
      รหัสหมู่บ้าน: "villageCode",
      บ้านเลขที่: "houseNumber",
      ปีที่สำรวจ: "surveyYear",
      "วันที่ สำรวจ": "surveyedOn",
      บัตรสวัสดิการ: "welfareCard",
      รายได้ต่อปี: "annualIncomeBaht",
      "น้ำดื่ม (ลิตร/คน/วัน)": "drinkingWaterLitresPerPersonPerDay",
      เลขประจำตัวประชาชน: "citizenId",
      คำนำหน้า: "title",
      ชื่อ: "firstName",
      นามสกุล: "lastName",
      เพศ: "sex",
      วันเกิด: "birthDate",
      ความสัมพันธ์: "relation",
      "น้ำหนักแรกเกิด (กรัม)": "birthWeightGrams",
      "จบ ม.3": "finishedGrade9",
      "เรียนต่อ ม.4": "continuedToGrade10",
      ได้รับการดูแล: "caredFor"
    }
    for (const [header, name] of Object.entries(expected)) expect(Columns.fieldOf(header)?.name, header).toBe(name)
  })

  it("leaves unknown headers to be extra columns", () => {
    expect(Columns.fieldOf("หมายเหตุ")).toBeUndefined()
    expect(Columns.fieldOf("note")).toBeUndefined()
  })

  it("is the table the README documents", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    for (const f of Columns.fields) expect(readme).toContain(`| \`${f.name}\` | ${f.level} | ${f.kind} | ${f.thai.join(", ")} |`)
  })

  it("gives every field exactly one entry and no alias to two fields", () => {
    const names = Columns.fields.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    const aliases = Columns.fields.flatMap((f) => [f.name, ...f.thai].map(Columns.normalize))
    expect(new Set(aliases).size).toBe(aliases.length)
  })
})

describe("Columns.read", () => {
  it("reads an empty or blank cell as a missing answer", () => {
    for (const kind of ["code", "text", "year", "number", "date", "boolean", "sex", "relation", "welfareCard"] as const) {
      expect(Columns.read(kind, ""), kind).toBeUndefined()
      expect(Columns.read(kind, "  "), kind).toBeUndefined()
      expect(Columns.read(kind, null), kind).toBeUndefined()
    }
  })

  it("reads the boolean spellings", () => {
    for (const yes of ["true", "TRUE", "1", "yes", "Y", "ใช่", "มี", " ใช่ "]) expect(Columns.read("boolean", yes), yes).toBe(true)
    for (const no of ["false", "False", "0", "no", "n", "ไม่ใช่", "ไม่มี"]) expect(Columns.read("boolean", no), no).toBe(false)
    expect(Columns.read("boolean", true)).toBe(true)
    expect(Columns.read("boolean", 0)).toBe(false)
    expect(invalid(Columns.read("boolean", "maybe"))).toBe("is not yes or no (true/false, 1/0, yes/no, y/n, ใช่/ไม่ใช่, มี/ไม่มี)")
  })

  it("reads codes and Thai words of the enumerations", () => {
    expect(Columns.read("sex", "ชาย")).toBe("male")
    expect(Columns.read("sex", "หญิง")).toBe("female")
    expect(Columns.read("sex", "Female")).toBe("female")
    const relations: Record<string, string> = {
      หัวหน้าครัวเรือน: "head",
      คู่สมรส: "spouse",
      บุตร: "child",
      บิดามารดา: "parent",
      พ่อแม่: "parent",
      ญาติ: "relative",
      อื่นๆ: "other",
      "อื่น ๆ": "other",
      head: "head"
    }
    for (const [text, code] of Object.entries(relations)) expect(Columns.read("relation", text), text).toBe(code)
    const cards: Record<string, string> = {
      ไม่มี: "none",
      ลงทะเบียน: "registered",
      ผ่านการตรวจสอบ: "verified",
      ได้รับบัตร: "verified",
      Verified: "verified"
    }
    for (const [text, code] of Object.entries(cards)) expect(Columns.read("welfareCard", text), text).toBe(code)
    expect(invalid(Columns.read("sex", "x"))).toContain("male or female")
  })

  it("reads numbers with thousands separators and Thai numerals", () => {
    expect(Columns.read("number", "1,234.5")).toBe(1234.5)
    expect(Columns.read("number", " 38000 ")).toBe(38000)
    expect(Columns.read("number", "๓๘,๐๐๐")).toBe(38000)
    expect(Columns.read("number", 12.5)).toBe(12.5)
    expect(invalid(Columns.read("number", "abc"))).toBe("is not a number")
    expect(invalid(Columns.read("number", "0x10"))).toBe("is not a number")
  })

  it("reads dates in either era and in the forms Thai offices write", () => {
    for (const text of ["15/03/2564", "2564-03-15", "25640315", "2021-03-15", "15/3/2021", "๑๕/๐๓/๒๕๖๔"]) {
      expect(Columns.read("date", text), text).toBe("2021-03-15")
    }
    expect(invalid(Columns.read("date", "31/02/2564"))).toContain("is not a date")
  })

  it("reads Excel date cells, serial numbers and YYYYMMDD numbers", () => {
    expect(Columns.read("date", new Date(Date.UTC(2021, 2, 15)))).toBe("2021-03-15")
    // A B.E. date typed into a Gregorian sheet is a date in year 2564.
    expect(Columns.read("date", new Date(Date.UTC(2564, 2, 15)))).toBe("2021-03-15")
    expect(Columns.read("date", 44270)).toBe("2021-03-15")
    expect(Columns.read("date", 25640315)).toBe("2021-03-15")
  })

  it("keeps citizen IDs as digit strings, without dashes, spaces or exponent", () => {
    expect(Columns.read("code", "1-1017-00230-70-8")).toBe("1101700230708")
    expect(Columns.read("code", "1 1017 00230 70 8")).toBe("1101700230708")
    expect(Columns.read("code", 1101700230708)).toBe("1101700230708")
    expect(Columns.read("code", "3301000123458")).toBe("3301000123458")
  })

  it("reads the text of rich-text and formula cells, and refuses error cells", () => {
    expect(Columns.read("text", { richText: [{ text: "สม" }, { text: "ชาย" }] })).toBe("สมชาย")
    expect(Columns.read("number", { formula: "A1*12", result: 120000 })).toBe(120000)
    expect(invalid(Columns.read("number", { error: "#N/A" }))).toContain("#N/A")
  })
})
