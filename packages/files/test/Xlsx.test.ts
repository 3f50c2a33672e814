import { SurveyRecord } from "@phungpao/domain"
import * as Either from "effect/Either"
import ExcelJS from "exceljs"
import { afterAll, describe, expect, it } from "vitest"
import { citizenId, fileWith, pathFor, readAll, recordsOf, rejectionsOf, removeFiles } from "./files.js"

afterAll(removeFiles)

const thaiHeader = [
  "รหัสบ้าน", "รหัสหมู่บ้าน", "ปีที่สำรวจ", "วันที่สำรวจ", "บัตรสวัสดิการ", "รายได้ต่อปี", "บ้านคงทนถาวร",
  "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "ความสัมพันธ์", "ออกกำลังกาย"
]

/** A workbook as an office makes one: a title row, Thai headers, typed cells. */
const workbook = async (rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>, extraSheet = false): Promise<string> => {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet("ข้อมูล จปฐ.")
  sheet.addRow(["ข้อมูล จปฐ. ปี 2564 อำเภอเมืองศรีสะเกษ"])
  sheet.addRow(thaiHeader)
  for (const row of rows) sheet.addRow([...row])
  sheet.getColumn(4).numFmt = "dd/mm/yyyy"
  sheet.getColumn(13).numFmt = "dd/mm/yyyy"
  if (extraSheet) book.addWorksheet("สรุป").addRow(["รหัสบ้าน"]).commit()
  const path = pathFor("survey.xlsx")
  await book.xlsx.writeFile(path)
  return path
}

const head: Array<ExcelJS.CellValue> = [
  "33010000001", "33010101", 2564, new Date(Date.UTC(2021, 2, 15)), "ผ่านการตรวจสอบ", 120000, true,
  1101700230708, "นาย", { richText: [{ text: "สม" }, { text: "ชาย" }] }, "ใจดี", "ชาย", new Date(Date.UTC(1970, 0, 1)),
  "หัวหน้าครัวเรือน", "ใช่"
]

describe("reading xlsx", () => {
  it("reads typed cells: dates, numeric citizen IDs, booleans, rich text, formulas", async () => {
    const spouse: Array<ExcelJS.CellValue> = [...head]
    spouse[5] = { formula: "10000*12", result: 120000 } as ExcelJS.CellValue
    spouse[7] = citizenId(2)
    spouse[8] = "นาง"
    spouse[9] = "สมหญิง"
    spouse[11] = "หญิง"
    spouse[12] = "01/01/2515"
    spouse[13] = "คู่สมรส"
    spouse[14] = false
    const items = await readAll(await workbook([head, spouse]))
    expect(rejectionsOf(items)).toEqual([])
    expect(items.map((i) => i.line)).toEqual([3])
    const [record] = recordsOf(items)
    expect(record).toEqual({
      houseCode: "33010000001",
      villageCode: "33010101",
      surveyYear: 2564,
      surveyedOn: "2021-03-15",
      welfareCard: "verified",
      annualIncomeBaht: 120000,
      durableHouse: true,
      members: [
        { citizenId: "1101700230708", title: "นาย", firstName: "สมชาย", lastName: "ใจดี", sex: "male", birthDate: "1970-01-01", relation: "head", exercises: true },
        { citizenId: citizenId(2), title: "นาง", firstName: "สมหญิง", lastName: "ใจดี", sex: "female", birthDate: "1972-01-01", relation: "spouse", exercises: false }
      ]
    })
    expect(Either.isRight(SurveyRecord.decode(record))).toBe(true)
  })

  it("rejects a bad cell with its worksheet row number and reads the other households", async () => {
    const bad = [...head]
    bad[0] = "33010000002"
    bad[5] = "ไม่ทราบ"
    const good = [...head]
    good[0] = "33010000003"
    const items = await readAll(await workbook([head, bad, good]))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 3], ["rejected", 4], ["record", 5]])
    expect(rejectionsOf(items)[0]).toMatchObject({ field: "annualIncomeBaht", reason: 'column "รายได้ต่อปี": is not a number' })
  })

  it("reads the first worksheet only", async () => {
    expect(recordsOf(await readAll(await workbook([head], true)))).toHaveLength(1)
  })

  it("refuses a file that is not a workbook", async () => {
    const path = fileWith("broken.xlsx", "PK\u0003\u0004 not really a zip")
    await expect(readAll(path)).rejects.toMatchObject({ _tag: "UnreadableFile", reason: expect.stringContaining("not a readable xlsx") })
  })
})
