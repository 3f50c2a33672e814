import { SurveyRecord } from "@phungpao/domain"
import { generate } from "@phungpao/synthetic"
import * as Either from "effect/Either"
import { createWriteStream } from "node:fs"
import { PassThrough } from "node:stream"
import { afterAll, describe, expect, it } from "vitest"
import { SurveyFile } from "../src/index.js"
import { type Fields, fileWith, pathFor, readAll, recordsOf, rejectionsOf, removeFiles } from "./files.js"

afterAll(removeFiles)

const bytes = (text: string) => new TextEncoder().encode(text)

describe("SurveyFile.detectFormat", () => {
  it("tells the format from the name, then from the first bytes", () => {
    expect(SurveyFile.detectFormat("a.csv", bytes("[1]"))).toBe("csv")
    expect(SurveyFile.detectFormat("a.ndjson", bytes("[1]"))).toBe("ndjson")
    expect(SurveyFile.detectFormat("a.jsonl", bytes("{}"))).toBe("ndjson")
    expect(SurveyFile.detectFormat("a.xlsx", bytes(""))).toBe("xlsx")
    expect(SurveyFile.detectFormat("-", Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe("xlsx")
    expect(SurveyFile.detectFormat("a.json", bytes("\ufeff \n [{"))).toBe("json")
    expect(SurveyFile.detectFormat("a.json", bytes('{"houseCode"'))).toBe("ndjson")
    expect(SurveyFile.detectFormat("-", bytes("houseCode,villageCode"))).toBe("csv")
    expect(SurveyFile.detectFormat("/data/SURVEY.CSV", bytes(""))).toBe("csv")
  })

  it("refuses legacy .xls and .ods spreadsheets with what to do instead", () => {
    expect(() => SurveyFile.detectFormat("a.xls", bytes(""))).toThrow(/save it as .xlsx/)
    expect(() => SurveyFile.detectFormat("-", Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).toThrow(/legacy .xls/)
    expect(() => SurveyFile.detectFormat("a.ods", bytes("PK"))).toThrow(/OpenDocument/)
  })
})

describe("SurveyFile.read", () => {
  it("fails with UnreadableFile for a file that is not there", async () => {
    await expect(readAll(pathFor("missing.csv"))).rejects.toMatchObject({ _tag: "UnreadableFile", reason: expect.stringContaining("ENOENT") })
  })

  it("stops reading when the caller stops", async () => {
    const path = fileWith("many.ndjson", Array.from({ length: 1000 }, (_, i) => JSON.stringify({ houseCode: String(i) })).join("\n"))
    let seen = 0
    for await (const _ of SurveyFile.read(path)) if (++seen === 3) break
    expect(seen).toBe(3)
  })
})

/** Synthetic records with some answers missing, some extra fields, and a member with no title. */
const originals = (): Array<Fields> => {
  const records = [...generate({ province: "33", households: 300, seed: 11 })] as unknown as Array<Fields>
  records.forEach((r, i) => {
    if (i % 7 === 0) delete r["annualIncomeBaht"]
    if (i % 5 === 0) delete r.members[0]!["title"]
    if (i % 3 === 0) delete r.members[r.members.length - 1]!["disabled"]
  })
  records[0]!["remark"] = "บ้านริมน้ำ, ติดถนน"
  records[0]!.members[0]!["phone"] = "0812345678"
  return records
}

const written = async (format: SurveyFile.Format, records: ReadonlyArray<object>) => {
  const path = pathFor(`round-trip.${format}`)
  const summary = await SurveyFile.write(records, format, createWriteStream(path))
  return { path, summary }
}

describe("SurveyFile.write then read", () => {
  for (const format of ["ndjson", "json", "csv", "xlsx"] as const) {
    it(`gives back equal records in ${format}`, async () => {
      const records = originals()
      const { path, summary } = await written(format, records)
      const rows = records.reduce((n, r) => n + r.members.length, 0)
      expect(summary).toEqual({ records: 300, rows: format === "csv" || format === "xlsx" ? rows : 300, unwritten: [] })
      const items = await readAll(path)
      expect(rejectionsOf(items)).toEqual([])
      const read = recordsOf(items)
      expect(read).toEqual(records)
      for (const record of read) expect(Either.isRight(SurveyRecord.decode(record))).toBe(true)
      expect(read[0]!.members[0]!["firstName"]).toBe(records[0]!.members[0]!["firstName"])
    })
  }

  it("writes decoded SurveyRecords", async () => {
    const records = [...generate({ province: "33", households: 5, seed: 3 })].map((r) => Either.getOrThrow(SurveyRecord.decode(r)))
    const { path } = await written("csv", records)
    expect(recordsOf(await readAll(path))).toEqual(records)
  })

  it("writes CSV with a byte order mark, canonical headers and ISO dates", async () => {
    const [record] = generate({ province: "33", households: 1, seed: 5 })
    const { path } = await written("csv", [record!])
    const text = (await import("node:fs")).readFileSync(path, "utf8")
    expect(text.startsWith("\ufeffhouseCode,villageCode,houseNumber,surveyYear,surveyedOn,welfareCard,")).toBe(true)
    expect(text).toContain(`,${record!.surveyedOn},`)
    expect(text).toContain(",true,")
  })

  it("neutralises cells that a spreadsheet would run as formulas, and reads them back as they were", async () => {
    const [first, ...rest] = originals().slice(0, 3)
    const hostile = {
      ...first!,
      houseNumber: "+cmd|' /C calc'!A0",
      remark: "@SUM(1+1)",
      members: [{ ...first!.members[0]!, firstName: '=HYPERLINK("http://evil.example","click")', lastName: "-2+3", phone: "-1500" }, ...first!.members.slice(1)]
    }
    const text = (await import("node:fs")).readFileSync((await written("csv", [hostile, ...rest])).path, "utf8")
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`)
    expect(text).toContain("'+cmd|' /C calc'!A0")
    expect(text).toContain(",'@SUM(1+1),")
    expect(text).toContain(",'-2+3,")
    expect(text).toContain(",-1500")
    expect(text.split("\n").some((l) => /(^|,)[=+@]/.test(l))).toBe(false)
    expect(recordsOf(await readAll(fileWith("hostile.csv", text)))).toEqual([hostile, ...rest])
  })

  for (const format of ["csv", "xlsx"] as const) {
    it(`writes every record's extra fields in ${format} when it may read the records twice`, async () => {
      const records = originals().slice(0, 20)
      records[7]!["late"] = "ท้ายซอย"
      records[12]!.members[0]!["line"] = "@somchai"
      const path = pathFor(`late-extras.${format}`)
      const summary = await SurveyFile.write(async function* () {
        yield* records
      }, format, createWriteStream(path))
      expect(summary.unwritten).toEqual([])
      expect(recordsOf(await readAll(path))).toEqual(records)
    })
  }

  it("lists extra fields that had no column instead of dropping them silently", async () => {
    const records = originals().slice(1, 4)
    records[2]!["late"] = 1
    const { summary } = await written("csv", records)
    expect(summary.unwritten).toEqual(["late"])
  })

  it("writes a header alone for no records", async () => {
    const { path, summary } = await written("xlsx", [])
    expect(summary).toEqual({ records: 0, rows: 0, unwritten: [] })
    expect(await readAll(path)).toEqual([])
  })

  it("writes to any stream, waiting when it is full", async () => {
    const out = new PassThrough({ highWaterMark: 16 })
    const chunks: Array<Buffer> = []
    out.on("data", (chunk: Buffer) => chunks.push(chunk))
    await SurveyFile.write(generate({ province: "33", households: 50, seed: 1 }), "ndjson", out)
    expect(Buffer.concat(chunks).toString("utf8").trim().split("\n")).toHaveLength(50)
  })
})
