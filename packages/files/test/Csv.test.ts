import { SurveyRecord } from "@phungpao/domain"
import { parse } from "csv-parse/sync"
import { stringify } from "csv-stringify/sync"
import * as Either from "effect/Either"
import fc from "fast-check"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { Tokenizer } from "../src/Csv.js"
import { SurveyFile } from "../src/index.js"
import { citizenId, csv, fileWith, header, readAll, recordsOf, rejectionsOf, removeFiles, row, tis620 } from "./files.js"

afterAll(removeFiles)

const sample = fileURLToPath(new URL("../samples/survey-2564-th.csv", import.meta.url))

describe("reading CSV", () => {
  it("reads the Thai sample into records that pass validation", async () => {
    const items = await readAll(sample)
    expect(rejectionsOf(items)).toEqual([])
    expect(items.map((i) => i.line)).toEqual([2, 6, 11, 12])
    const records = recordsOf(items)
    for (const record of records) expect(Either.isRight(SurveyRecord.decode(record))).toBe(true)
    const [first] = records
    expect(first).toMatchObject({
      houseCode: "33100000324",
      villageCode: "33100704",
      houseNumber: "2",
      surveyYear: 2564,
      surveyedOn: "2021-03-26",
      welfareCard: "verified",
      annualIncomeBaht: 318200,
      drinkingWaterLitresPerPersonPerDay: 5,
      tidyHome: true
    })
    expect(first!.members[0]).toEqual({
      citizenId: "3331074386983",
      title: "นาย",
      firstName: "บุญส่ง",
      lastName: "ชัยสิทธิ์",
      sex: "male",
      birthDate: "1947-05-27",
      relation: "head",
      exercises: true,
      unableToWork: true,
      hasOccupationAndIncome: false,
      disabled: false,
      caredFor: true
    })
    // An unknown column filled in on one member only stays with that member.
    expect(first!.members[1]!["หมายเหตุ"]).toBe("หลานย้ายมาจากกรุงเทพฯ")
    expect(first!.members.map((m) => m["หมายเหตุ"])).toEqual([undefined, "หลานย้ายมาจากกรุงเทพฯ", undefined, undefined])
    expect(first!["หมายเหตุ"]).toBeUndefined()
    // A blank answer is missing, not false.
    expect("literate" in records[3]!.members[0]!).toBe(false)
  })

  it("groups consecutive rows with the same houseCode into one household", async () => {
    const path = fileWith(
      "members.csv",
      csv(
        row(),
        row({ citizenId: citizenId(2), firstName: "สมหญิง", sex: "female", relation: "spouse" }),
        row({ houseCode: "33010000002", citizenId: citizenId(3) })
      )
    )
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["record", 4]])
    const [a, b] = recordsOf(items)
    expect(a!.members.map((m) => m["firstName"])).toEqual(["สมชาย", "สมหญิง"])
    expect(b!.members).toHaveLength(1)
    expect(Either.isRight(SurveyRecord.decode(a))).toBe(true)
  })

  it("matches English headers whatever their case, spaces and underscores", async () => {
    const headers = ["HOUSE_CODE", "village code", "Survey Year", "surveyed_on", "WelfareCard", "annual income baht", "citizen_id", "first name", "LASTNAME", "Sex", "birth_date", "Relation"]
    const path = fileWith("english.csv", `${headers.join(",")}\n${row()}\n`)
    const [item] = await readAll(path)
    expect(item!.kind).toBe("record")
    expect(Either.isRight(SurveyRecord.decode((item as { value: unknown }).value))).toBe(true)
  })

  it("reads dates written in the Buddhist or Common Era", async () => {
    const forms = ["15/03/2564", "2564-03-15", "25640315", "2021-03-15"]
    const path = fileWith("dates.csv", csv(...forms.map((d, i) => row({ houseCode: `3301000001${i}`, surveyedOn: d }))))
    const records = recordsOf(await readAll(path))
    expect(records.map((r) => r["surveyedOn"])).toEqual(forms.map(() => "2021-03-15"))
  })

  it("reads Thai and English spellings of answers and codes", async () => {
    const path = fileWith(
      "aliases.csv",
      [
        "รหัสบ้าน,รหัสหมู่บ้าน,ปีที่สำรวจ,วันที่สำรวจ,บัตรสวัสดิการ,รายได้ต่อปี,บ้านคงทนถาวร,เลขประจำตัวประชาชน,ชื่อ,นามสกุล,เพศ,วันเกิด,ความสัมพันธ์,ออกกำลังกาย,ผู้พิการ",
        `33010000001,33010101,2564,15/03/2564,ลงทะเบียน,"1,234.5",มี,1-1017-00230-70-8,สมชาย,ใจดี,ชาย,01/01/2513,หัวหน้าครัวเรือน,yes,ไม่ใช่`,
        `33010000001,33010101,2564,15/03/2564,ลงทะเบียน,"1,234.5",มี,${citizenId(2)},สมหญิง,ใจดี,หญิง,01/01/2515,คู่สมรส,0,N`
      ].join("\r\n")
    )
    const [record] = recordsOf(await readAll(path))
    expect(record).toMatchObject({ welfareCard: "registered", annualIncomeBaht: 1234.5, durableHouse: true })
    expect(record!.members).toMatchObject([
      { citizenId: "1101700230708", sex: "male", relation: "head", exercises: true, disabled: false, birthDate: "1970-01-01" },
      { sex: "female", relation: "spouse", exercises: false, disabled: false }
    ])
  })

  it("rejects a bad row with its row number, field and reason, and reads its neighbours", async () => {
    const path = fileWith(
      "bad.csv",
      csv(
        row(),
        row({ houseCode: "33010000002" }),
        row({ houseCode: "33010000002", citizenId: citizenId(2), birthDate: "31/02/2513" }),
        row({ houseCode: "33010000003", annualIncomeBaht: "หนึ่งแสน" }),
        row({ houseCode: "33010000004", sex: "ชายหญิง" }),
        row({ houseCode: "33010000005" })
      )
    )
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["record", 2],
      ["rejected", 4],
      ["rejected", 5],
      ["rejected", 6],
      ["record", 7]
    ])
    expect(rejectionsOf(items)).toEqual([
      { kind: "rejected", line: 4, field: "members[1].birthDate", reason: expect.stringMatching(/^is not a date/) },
      { kind: "rejected", line: 5, field: "annualIncomeBaht", reason: "is not a number" },
      { kind: "rejected", line: 6, field: "members[0].sex", reason: expect.stringMatching(/^is not male or female/) }
    ])
  })

  it("never echoes a cell's value in a reason: only the row, the field and what was expected", async () => {
    const id = "3330196106305"
    const path = fileWith(
      "echo.csv",
      csv(
        row({ sex: id }),
        row({ houseCode: "33010000002", birthDate: "สมชาย" }),
        row({ houseCode: "33010000003", annualIncomeBaht: `${id} บาท` }),
        row({ houseCode: "33010000004", relation: "ใจดี" }),
        row({ houseCode: "33010000005", welfareCard: "none" }),
        row({ houseCode: "33010000005", citizenId: citizenId(2), welfareCard: "registered" }),
        row({ houseCode: "33010000006", surveyYear: "2563" }),
        row({ houseCode: "33010000007" }),
        row({ houseCode: "33010000001" })
      )
    )
    const rejections = rejectionsOf(await readAll(path, { round: 2564 }))
    expect(rejections.map((r) => [r.line, r.field])).toEqual([
      [2, "members[0].sex"],
      [3, "members[0].birthDate"],
      [4, "annualIncomeBaht"],
      [5, "members[0].relation"],
      [7, "welfareCard"],
      [8, "surveyYear"],
      [10, "houseCode"]
    ])
    for (const { reason } of rejections) {
      for (const value of [id, "สมชาย", "ใจดี", "none", "registered", "2563", "33010000001"]) expect(reason).not.toContain(value)
    }
  })

  it("names the column as written when it is not the canonical name", async () => {
    const path = fileWith("thai-bad.csv", "รหัสบ้าน,วันเกิด\n33010000001,เมื่อวาน\n")
    const [rejection] = rejectionsOf(await readAll(path))
    expect(rejection).toMatchObject({ line: 2, field: "members[0].birthDate", reason: expect.stringMatching(/^column "วันเกิด": is not a date/) })
  })

  it("rejects a household whose rows disagree on a household field", async () => {
    const path = fileWith(
      "disagree.csv",
      csv(
        row(),
        row({ citizenId: citizenId(2), welfareCard: "none" }),
        row({ houseCode: "33010000002" }),
        // A blank household cell on a later row is not a disagreement.
        row({ houseCode: "33010000002", citizenId: citizenId(3), annualIncomeBaht: "", welfareCard: "ผ่านการตรวจสอบ" })
      )
    )
    const items = await readAll(path)
    expect(rejectionsOf(items)).toEqual([
      {
        kind: "rejected",
        line: 3,
        field: "welfareCard",
        reason: "differs from row 2: the rows of a household must agree on its fields"
      }
    ])
    const [record] = recordsOf(items)
    expect(record).toMatchObject({ houseCode: "33010000002", annualIncomeBaht: 120000 })
    expect(record!.members).toHaveLength(2)
  })

  it("rejects a household whose rows are not consecutive", async () => {
    const path = fileWith(
      "apart.csv",
      csv(row(), row({ houseCode: "33010000002" }), row({ citizenId: citizenId(2), relation: "spouse" }), row({ houseCode: "33010000003" }))
    )
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["record", 3], ["rejected", 4], ["record", 5]])
    expect(rejectionsOf(items)[0]).toMatchObject({
      field: "houseCode",
      reason: "this household already appeared on row 2: the rows of a household must be consecutive"
    })
  })

  it("fills in the round where surveyYear is blank and rejects another year", async () => {
    const path = fileWith(
      "round.csv",
      csv(row({ surveyYear: "" }), row({ houseCode: "33010000002", surveyYear: "2563" }), row({ houseCode: "33010000003" }))
    )
    const items = await readAll(path, { round: 2564 })
    expect(recordsOf(items).map((r) => [r["houseCode"], r["surveyYear"]])).toEqual([["33010000001", 2564], ["33010000003", 2564]])
    expect(rejectionsOf(items)).toEqual([{ kind: "rejected", line: 3, field: "surveyYear", reason: "is not the round the file is read as (2564)" }])
    // Without a round, a blank year stays missing for validation to report.
    const [plain] = recordsOf(await readAll(path))
    expect("surveyYear" in plain!).toBe(false)
  })

  it("fills in the round when there is no surveyYear column", async () => {
    const path = fileWith("no-year.csv", "houseCode,firstName\n33010000001,สมชาย\n")
    expect(recordsOf(await readAll(path, { round: 2564 }))[0]).toMatchObject({ surveyYear: 2564 })
  })

  it("reads UTF-8 with and without a byte order mark", async () => {
    const text = csv(row())
    const [withBom] = recordsOf(await readAll(fileWith("bom.csv", `\ufeff${text}`)))
    const [without] = recordsOf(await readAll(fileWith("nobom.csv", text)))
    expect(withBom).toEqual(without)
    expect(withBom!["houseCode"]).toBe("33010000001")
  })

  it("detects a TIS-620 file and reads its Thai", async () => {
    const text = "รหัสบ้าน,ชื่อ,นามสกุล,เพศ,ความสัมพันธ์\n33010000001,สมชาย,ใจดี,ชาย,หัวหน้าครัวเรือน\n33010000001,สมหญิง,ใจดี,หญิง,คู่สมรส\n"
    const bytes = tis620(text)
    expect(Buffer.from(bytes).toString("utf8")).toContain("\ufffd") // not UTF-8
    for (const options of [{}, { encoding: "tis-620" as const }, { encoding: "windows-874" as const }]) {
      const [record] = recordsOf(await readAll(fileWith("tis.csv", bytes), options))
      expect(record!.members).toEqual([
        { firstName: "สมชาย", lastName: "ใจดี", sex: "male", relation: "head" },
        { firstName: "สมหญิง", lastName: "ใจดี", sex: "female", relation: "spouse" }
      ])
    }
  })

  it("detects TIS-620 when the first Thai comes after a long ASCII start", async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `3301${String(i).padStart(7, "0")},Somchai,Jaidee`).join("\n")
    const bytes = tis620(`houseCode,firstName,lastName\n${ascii}\n33019999999,สมชาย,ใจดี\n`)
    const records = recordsOf(await readAll(fileWith("late-thai.csv", bytes)))
    expect(records).toHaveLength(3001)
    expect(records[3000]!.members[0]).toEqual({ firstName: "สมชาย", lastName: "ใจดี" })
  })

  it("skips title rows above the header and blank rows, counting them as rows", async () => {
    const path = fileWith("title.csv", `แบบสำรวจ จปฐ. ปี 2564,,\nอำเภอเมือง,อำเภอเมือง,\n${header.join(",")}\n${row()}\n,,,\n\n${row({ houseCode: "33010000002" })}\n`)
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 4], ["record", 7]])
  })

  it("rejects a row without a houseCode, and the household it sits in whole", async () => {
    // Stored without the member, the household would be judged on fewer people.
    const path = fileWith(
      "no-code.csv",
      csv(row(), row({ houseCode: "", citizenId: citizenId(2) }), row({ citizenId: citizenId(3) }), row({ houseCode: "33010000002" }))
    )
    const items = await readAll(path)
    expect(rejectionsOf(items)).toEqual([
      { kind: "rejected", line: 3, field: "houseCode", reason: "is empty: every row must name its household" },
      { kind: "rejected", line: 2, field: "(household)", reason: "row 3 cannot be read, and may be one of its members: the household is rejected whole" }
    ])
    expect(recordsOf(items).map((r) => r["houseCode"])).toEqual(["33010000002"])
  })

  it("rejects the household a spoiled row sits in, whatever spoiled it", async () => {
    const path = fileWith(
      "spoiled.csv",
      csv(row(), row({ citizenId: citizenId(2), firstName: '"สมชาย' }), row({ citizenId: citizenId(3) }), row({ houseCode: "33010000002" }))
    )
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line, i.kind === "rejected" ? i.field : ""])).toEqual([
      ["rejected", 3, "(row)"],
      ["rejected", 2, "(household)"],
      ["record", 5, ""]
    ])
  })

  it("rejects a row with cells past the last named column", async () => {
    const path = fileWith("shifted.csv", csv(row(), `${row({ houseCode: "33010000002" })},extra`, row({ houseCode: "33010000003" })))
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["rejected", 3], ["record", 4]])
    expect(rejectionsOf(items)[0]!.field).toBe("(row)")
  })

  it("reads quoted cells holding commas, quotes and line breaks", async () => {
    const path = fileWith(
      "quoted.csv",
      'houseCode,houseNumber,firstName,note\r\n33010000001,"12/3, ซอย 4","สม""ชาย""","บรรทัดหนึ่ง\r\nบรรทัดสอง"\r\n33010000002,5,สมศรี,'
    )
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["record", 3]])
    const [a, b] = recordsOf(items)
    expect(a).toMatchObject({ houseNumber: "12/3, ซอย 4", note: "บรรทัดหนึ่ง\r\nบรรทัดสอง" })
    expect(a!.members[0]!["firstName"]).toBe('สม"ชาย"')
    expect(b).toMatchObject({ houseNumber: "5", members: [{ firstName: "สมศรี" }] })
  })

  it("rejects a row whose quote is never closed and reads on from the next line", async () => {
    const path = fileWith("unclosed.csv", 'houseCode,firstName\n33010000001,"สมชาย\n33010000002,สมศรี\n')
    const items = await readAll(path)
    expect(items).toEqual([
      { kind: "rejected", line: 2, field: "(row)", reason: 'a quote (") opened on this row is never closed' },
      { kind: "record", line: 3, value: { houseCode: "33010000002", members: [{ firstName: "สมศรี" }] } }
    ])
  })

  it("refuses a file without a houseCode column, or with a column named twice", async () => {
    await expect(readAll(fileWith("headless.csv", "a,b\n1,2\n"))).rejects.toMatchObject({
      _tag: "UnreadableFile",
      reason: expect.stringContaining("no header row")
    })
    await expect(readAll(fileWith("twice.csv", "houseCode,ชื่อ,firstName\n1,2,3\n"))).rejects.toMatchObject({
      _tag: "UnreadableFile",
      reason: 'the columns "ชื่อ" and "firstName" both give firstName'
    })
  })

  it("reads an empty file as no records", async () => {
    expect(await readAll(fileWith("empty.csv", ""))).toEqual([])
  })

  it("places an unknown column on the household when its rows agree, else on each member", async () => {
    const path = fileWith(
      "extras.csv",
      "houseCode,firstName,ตำบล,note,member.phone\n1,a,ในเมือง,x,081\n1,b,ในเมือง,,\n2,c,หนองครก,y,\n"
    )
    const records = recordsOf(await readAll(path))
    expect(records).toEqual([
      { houseCode: "1", ตำบล: "ในเมือง", members: [{ firstName: "a", note: "x", phone: "081" }, { firstName: "b" }] },
      { houseCode: "2", ตำบล: "หนองครก", note: "y", members: [{ firstName: "c" }] }
    ])
  })
})

describe("the CSV tokenizer", () => {
  const tokenize = (chunks: ReadonlyArray<string>) => {
    const tokenizer = new Tokenizer()
    const rows: Array<Array<string> | string> = []
    for (const chunk of chunks) tokenizer.push(chunk, false, rows)
    tokenizer.push("", true, rows)
    return rows
  }

  const cell = fc.string({ unit: fc.constantFrom("a", "ก", "ข", ",", '"', "\n", "\r", " ", "1") })
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 })

  it("gives back what csv-stringify wrote, however the text is cut into chunks", () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (rows, cuts, crlf) => {
        const text = stringify(rows, { record_delimiter: crlf ? "windows" : "unix", quote_record_delimiter: true })
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const chunks = [0, ...points].map((from, i) => text.slice(from, [...points, text.length][i]))
        expect(tokenize(chunks)).toEqual(rows)
      })
    )
  })

  it("agrees with csv-parse on well-formed text", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const text = stringify(rows)
        expect(tokenize([text])).toEqual(parse(text, { relax_column_count: true, skip_empty_lines: false }))
      })
    )
  })

  it("keeps a quote inside an unquoted cell as text", () => {
    expect(tokenize(['a,b"c,d\n'])).toEqual([["a", 'b"c', "d"]])
  })

  it("reads a last line without a line end", () => {
    expect(tokenize(["a,b\nc,", "d"])).toEqual([["a", "b"], ["c", "d"]])
  })
})

describe("SurveyFile.read on CSV", () => {
  it("reads a CSV file named .txt, and one forced with format", async () => {
    const path = fileWith("survey.txt", csv(row()))
    expect(recordsOf(await readAll(path))).toHaveLength(1)
    const other = fileWith("survey.data", csv(row()))
    expect(recordsOf(await readAll(other, { format: "csv" }))).toHaveLength(1)
  })

  it("is the SurveyFile namespace the package exports", () => {
    expect(typeof SurveyFile.read).toBe("function")
  })
})
