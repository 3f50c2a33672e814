/** One bad record, however big or deep, is rejected with its line; the rest of the file is read. */
import ExcelJS from "exceljs"
import { afterAll, describe, expect, it } from "vitest"
import { Limits } from "../src/index.js"
import { citizenId, csv, fileWith, pathFor, readAll, recordsOf, rejectionsOf, removeFiles, row } from "./files.js"

afterAll(removeFiles)

const good = (houseCode: string) => JSON.stringify({ houseCode, members: [{ firstName: "สมชาย" }] })
const deep = (levels: number) => `{"houseCode":"2","x":${"[".repeat(levels)}${"]".repeat(levels)}}`

describe("a record nested too deep", () => {
  it("is rejected with its line in NDJSON, at the production limit, and the rest is read", async () => {
    const items = await readAll(fileWith("deep.ndjson", [good("1"), deep(20_000), good("3")].join("\n")))
    expect(rejectionsOf(items)).toEqual([
      { kind: "rejected", line: 2, field: "(record)", reason: `is nested deeper than ${Limits.maxDepth} levels` }
    ])
    expect(recordsOf(items).map((r) => r["houseCode"])).toEqual(["1", "3"])
  })

  it("is rejected in a JSON array, while one just within the limit is read", async () => {
    const items = await readAll(fileWith("deep.json", `[${[good("1"), deep(20_000), deep(Limits.maxDepth - 2), good("4")].join(",")}]`))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 1], ["rejected", 2], ["record", 3], ["record", 4]])
  })
})

describe("a record too long", () => {
  const long = `{"houseCode":"2","story":"${"ก".repeat(Limits.maxRecordLength)}"}`

  it("is rejected with its line in NDJSON, and the lines after it are numbered and read", async () => {
    const items = await readAll(fileWith("long.ndjson", [good("1"), long, "", good("4")].join("\n")))
    expect(rejectionsOf(items)).toEqual([
      { kind: "rejected", line: 2, field: "(record)", reason: `is longer than ${Limits.maxRecordLength.toLocaleString("en")} characters` }
    ])
    expect(items.filter((i) => i.kind === "record").map((i) => i.line)).toEqual([1, 4])
  })

  it("is rejected in a JSON array", async () => {
    const items = await readAll(fileWith("long.json", `[${good("1")},${long},${good("3")}]`))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 1], ["rejected", 2], ["record", 3]])
  })

  it("is rejected with its row in CSV, a line without a quote too", async () => {
    const path = fileWith("long.csv", csv(row(), row({ houseCode: "33010000002", firstName: "ก".repeat(Limits.maxRecordLength) }), row({ houseCode: "33010000003" })))
    const items = await readAll(path)
    // A row that cannot be read may be a member of the household above it: that one goes too.
    expect(items.map((i) => [i.kind, i.line])).toEqual([["rejected", 3], ["rejected", 2], ["record", 4]])
    expect(rejectionsOf(items)[0]).toMatchObject({ field: "(row)", reason: `is longer than ${Limits.maxRecordLength.toLocaleString("en")} characters` })
  })
})

describe("an xlsx workbook", () => {
  const book = async (cells: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>) => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet("survey")
    sheet.addRow(["houseCode", "citizenId", "firstName"])
    for (const cell of cells) sheet.addRow([...cell])
    const path = pathFor("book.xlsx")
    await workbook.xlsx.writeFile(path)
    return path
  }

  it("rejects a row with a cell longer than Excel allows, and reads the others", async () => {
    const path = await book([["33010000001", citizenId(1), "สมชาย"], ["33010000002", citizenId(2), "ก".repeat(Limits.maxCellLength + 1)], ["33010000003", citizenId(3), "สมศรี"]])
    const items = await readAll(path)
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["rejected", 3], ["record", 4]])
    expect(rejectionsOf(items)[0]).toMatchObject({ field: "members[0].firstName", reason: `is longer than ${Limits.maxCellLength.toLocaleString("en")} characters` })
  })

  it("is refused before reading when a part of it inflates far more than a workbook does", async () => {
    const path = await book([["33010000001", citizenId(1), "x".repeat(Limits.inflatedFloor + 1)]])
    await expect(readAll(path)).rejects.toMatchObject({ _tag: "UnreadableFile", reason: expect.stringContaining("inflates") })
  })
})
